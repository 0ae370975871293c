"use client";

import { createContext, use, useOptimistic, type ReactNode } from "react";

const CartCountContext = createContext<{ count: number; change: (delta: number) => void }>({ count: 0, change: () => {} });

/**
 * The header's item count, shared with every cart control below it. A control calls `change`
 * inside its transition: the count moves at once, and the server's render replaces it (or, if the
 * server refused, the transition ends and the count falls back by itself).
 */
export function CartCountProvider({ count, children }: { count: number; children: ReactNode }) {
  const [optimistic, change] = useOptimistic(count, (current, delta: number) => Math.max(0, current + delta));
  return <CartCountContext value={{ count: optimistic, change }}>{children}</CartCountContext>;
}

export const useCartCount = () => use(CartCountContext);

export function CartCount() {
  const { count } = useCartCount();
  return (
    <span aria-label={`${count} ${count === 1 ? "item" : "items"}`} data-testid="cart-count" className="tabular-nums">
      ({count})
    </span>
  );
}
