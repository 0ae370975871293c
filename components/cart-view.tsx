"use client";

import Image from "next/image";
import Link from "next/link";
import { useOptimistic, useState, useTransition } from "react";
import { setCartQuantity } from "@/app/(shop)/actions";
import type { CartItemView } from "@/lib/cart";
import { formatMoney } from "@/lib/orders/format";
import { EmptyCart } from "./empty-cart";

type Change = { productId: string; quantity: number };

function applyChange(items: CartItemView[], { productId, quantity }: Change): CartItemView[] {
  return items.flatMap((item) => (item.productId !== productId ? [item] : quantity > 0 ? [{ ...item, quantity }] : []));
}

/** The cart, updated at once on every change; the server's answer then replaces the guess. */
export function CartView({ items }: { items: CartItemView[] }) {
  const [optimisticItems, applyOptimistic] = useOptimistic(items, applyChange);
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const change = (productId: string, quantity: number) =>
    startTransition(async () => {
      setError(null);
      applyOptimistic({ productId, quantity });
      const result = await setCartQuantity(productId, quantity);
      if (!result.ok) setError(result.error); // the optimistic change rolls back with the transition
    });

  if (optimisticItems.length === 0) {
    return <EmptyCart />;
  }

  const currency = optimisticItems[0]!.currency;
  const subtotal = optimisticItems.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
  return (
    <>
      <ul className="mt-6 divide-y divide-stone-200 dark:divide-stone-700">
        {optimisticItems.map((item) => (
          <li key={item.productId} className="flex items-center gap-4 py-4" data-testid="cart-line">
            <Image src={item.image} alt="" width={80} height={80} className="size-20 rounded-lg" />
            <div className="flex-1">
              <Link href={`/products/${item.slug}`} className="font-medium hover:underline">
                {item.name}
              </Link>
              <p className="text-sm text-stone-600 dark:text-stone-400">{formatMoney(item.unitPriceCents, item.currency)} each</p>
            </div>
            <div className="flex items-center gap-2">
              <button type="button" aria-label={`One fewer ${item.name}`} onClick={() => change(item.productId, item.quantity - 1)} className="size-8 rounded-full border border-stone-300 dark:border-stone-600">
                −
              </button>
              <span aria-label={`Quantity of ${item.name}`} className="w-6 text-center tabular-nums">
                {item.quantity}
              </span>
              <button type="button" aria-label={`One more ${item.name}`} onClick={() => change(item.productId, item.quantity + 1)} className="size-8 rounded-full border border-stone-300 dark:border-stone-600">
                +
              </button>
            </div>
            <p className="w-24 text-right tabular-nums">{formatMoney(item.unitPriceCents * item.quantity, item.currency)}</p>
            <button type="button" onClick={() => change(item.productId, 0)} className="text-sm text-stone-600 underline dark:text-stone-400">
              Remove<span className="sr-only"> {item.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <p role="alert" className="min-h-6 text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
      <div className="mt-4 flex items-center justify-between border-t border-stone-200 pt-4 dark:border-stone-700">
        <p className="text-lg">
          Subtotal <span className="font-semibold tabular-nums">{formatMoney(subtotal, currency)}</span>
        </p>
        <Link href="/checkout" className="rounded-lg bg-stone-900 px-5 py-2.5 font-semibold text-white hover:bg-stone-700 dark:bg-stone-100 dark:text-stone-900">
          Checkout
        </Link>
      </div>
    </>
  );
}
