"use client";

import Image from "next/image";
import Link from "next/link";
import { useOptimistic, useState, useTransition } from "react";
import { setCartQuantity } from "@/app/(shop)/actions";
import type { CartLineView } from "@/lib/cart/store";
import { MAX_QUANTITY } from "@/lib/orders/checkout";
import { formatMoney } from "@/lib/orders/format";
import { useCartCount } from "./cart-count";
import { EmptyCart } from "./empty-cart";

type Change = { productId: string; quantity: number };

function applyChange(lines: CartLineView[], { productId, quantity }: Change): CartLineView[] {
  return lines.flatMap((line) => (line.productId !== productId ? [line] : quantity > 0 ? [{ ...line, quantity }] : []));
}

const stepButton =
  "grid size-9 place-items-center rounded-full border border-stone-300 text-lg hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-40 dark:border-stone-600 dark:hover:bg-stone-800";

/**
 * The cart, updated at once on every change. Each change re-renders the page from the server's
 * cart (the action refreshes it), and the guesses end with their transitions: once every change is
 * answered, this is the server's cart; a refused one rolls back by itself.
 */
export function CartView({ lines }: { lines: CartLineView[] }) {
  const [optimisticLines, applyOptimistic] = useOptimistic(lines, applyChange);
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const cartCount = useCartCount();

  const change = (line: CartLineView, quantity: number) =>
    startTransition(async () => {
      setError(null);
      applyOptimistic({ productId: line.productId, quantity });
      if (line.available) cartCount.change(quantity - line.quantity);
      const result = await setCartQuantity(line.productId, quantity);
      if (!result.ok) setError(`${line.name}: ${result.error}. Your cart is as it was.`);
    });

  const alert = (
    <p role="alert" className="mt-2 min-h-6 text-sm font-medium text-red-700 dark:text-red-400">
      {error}
    </p>
  );
  if (optimisticLines.length === 0) {
    return (
      <>
        <EmptyCart />
        {alert}
      </>
    );
  }

  const orderable = optimisticLines.filter((line) => line.available);
  const subtotal = orderable.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  return (
    <>
      <ul className="mt-6 divide-y divide-stone-200 border-y border-stone-200 dark:divide-stone-700 dark:border-stone-700">
        {optimisticLines.map((line) => (
          <li key={line.productId} className="flex gap-4 py-4" data-testid="cart-line">
            <Image src={line.image} alt="" width={80} height={80} className="size-20 shrink-0 rounded-lg bg-stone-100 dark:bg-stone-800" />
            <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:items-center sm:gap-6">
              <div className="min-w-0 flex-1">
                <Link href={`/products/${line.slug}`} className="font-medium hover:underline">
                  {line.name}
                </Link>
                <p className="text-sm muted">{line.available ? `${formatMoney(line.unitPriceCents, line.currency)} each` : "No longer available"}</p>
              </div>
              {line.available && (
                <div className="flex items-center justify-between gap-6">
                  <div className="flex items-center gap-2">
                    <button type="button" onClick={() => change(line, line.quantity - 1)} className={stepButton}>
                      −<span className="sr-only"> One fewer {line.name}</span>
                    </button>
                    <span aria-label={`Quantity of ${line.name}`} className="w-7 text-center tabular-nums">
                      {line.quantity}
                    </span>
                    <button
                      type="button"
                      disabled={line.quantity >= MAX_QUANTITY}
                      title={line.quantity >= MAX_QUANTITY ? `${MAX_QUANTITY} is the most one order can hold` : undefined}
                      onClick={() => change(line, line.quantity + 1)}
                      className={stepButton}
                    >
                      +<span className="sr-only"> One more {line.name}</span>
                    </button>
                  </div>
                  <p className="w-24 text-right font-medium tabular-nums">{formatMoney(line.unitPriceCents * line.quantity, line.currency)}</p>
                </div>
              )}
              <button type="button" onClick={() => change(line, 0)} className="self-start text-sm underline muted sm:self-center">
                Remove<span className="sr-only"> {line.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      {alert}
      {orderable.length > 0 && (
        <div className="mt-2 flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-lg">
            Subtotal <span className="font-semibold tabular-nums" data-testid="cart-subtotal">{formatMoney(subtotal, orderable[0]!.currency)}</span>
          </p>
          <Link href="/checkout" className="btn-primary">
            Checkout
          </Link>
        </div>
      )}
    </>
  );
}
