"use client";

import Image from "next/image";
import Link from "next/link";
import { useOptimistic, useState, useTransition } from "react";
import { setCartQuantity } from "@/app/(shop)/actions";
import type { CartItemView } from "@/lib/cart";
import { formatMoney } from "@/lib/orders/format";
import { useCartCount } from "./cart-count";
import { EmptyCart } from "./empty-cart";

type Change = { productId: string; quantity: number };

function applyChange(items: CartItemView[], { productId, quantity }: Change): CartItemView[] {
  return items.flatMap((item) => (item.productId !== productId ? [item] : quantity > 0 ? [{ ...item, quantity }] : []));
}

const stepButton = "grid size-9 place-items-center rounded-full border border-stone-300 text-lg hover:bg-stone-100 dark:border-stone-600 dark:hover:bg-stone-800";

/** The cart, updated at once on every change; the server's answer then replaces the guess. */
export function CartView({ items }: { items: CartItemView[] }) {
  const [optimisticItems, applyOptimistic] = useOptimistic(items, applyChange);
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const cartCount = useCartCount();

  const change = (item: CartItemView, quantity: number) =>
    startTransition(async () => {
      setError(null);
      applyOptimistic({ productId: item.productId, quantity });
      cartCount.change(quantity - item.quantity);
      const result = await setCartQuantity(item.productId, quantity);
      // Both optimistic changes end with the transition: a refused change rolls back by itself.
      if (!result.ok) setError(`${item.name}: ${result.error}. Your cart is as it was.`);
    });

  const alert = (
    <p role="alert" className="mt-2 min-h-6 text-sm font-medium text-red-700 dark:text-red-400">
      {error}
    </p>
  );
  if (optimisticItems.length === 0) {
    return (
      <>
        <EmptyCart />
        {alert}
      </>
    );
  }

  const currency = optimisticItems[0]!.currency;
  const subtotal = optimisticItems.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
  return (
    <>
      <ul className="mt-6 divide-y divide-stone-200 border-y border-stone-200 dark:divide-stone-700 dark:border-stone-700">
        {optimisticItems.map((item) => (
          <li key={item.productId} className="flex gap-4 py-4" data-testid="cart-line">
            <Image src={item.image} alt="" width={80} height={80} className="size-20 shrink-0 rounded-lg bg-stone-100 dark:bg-stone-800" />
            <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:items-center sm:gap-6">
              <div className="min-w-0 flex-1">
                <Link href={`/products/${item.slug}`} className="font-medium hover:underline">
                  {item.name}
                </Link>
                <p className="text-sm muted">{formatMoney(item.unitPriceCents, item.currency)} each</p>
              </div>
              <div className="flex items-center justify-between gap-6">
                <div className="flex items-center gap-2">
                  <button type="button" aria-label={`One fewer ${item.name}`} onClick={() => change(item, item.quantity - 1)} className={stepButton}>
                    −
                  </button>
                  <span aria-label={`Quantity of ${item.name}`} className="w-7 text-center tabular-nums">
                    {item.quantity}
                  </span>
                  <button type="button" aria-label={`One more ${item.name}`} onClick={() => change(item, item.quantity + 1)} className={stepButton}>
                    +
                  </button>
                </div>
                <p className="w-24 text-right font-medium tabular-nums">{formatMoney(item.unitPriceCents * item.quantity, item.currency)}</p>
              </div>
              <button type="button" onClick={() => change(item, 0)} className="self-start text-sm underline muted sm:self-center">
                Remove<span className="sr-only"> {item.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      {alert}
      <div className="mt-2 flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-lg">
          Subtotal <span className="font-semibold tabular-nums" data-testid="cart-subtotal">{formatMoney(subtotal, currency)}</span>
        </p>
        <Link href="/checkout" className="btn-primary">
          Checkout
        </Link>
      </div>
    </>
  );
}
