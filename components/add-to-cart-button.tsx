"use client";

import { useState, useTransition } from "react";
import { addToCart } from "@/app/(shop)/actions";

export function AddToCartButton({ productId, productName }: { productId: string; productName: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        aria-label={`Add ${productName} to cart`}
        onClick={() =>
          startTransition(async () => {
            const result = await addToCart(productId);
            setMessage(result.ok ? "Added to your cart" : result.error);
          })
        }
        className="w-full rounded-lg bg-stone-900 px-4 py-2.5 text-sm font-semibold text-white hover:bg-stone-700 disabled:opacity-60 dark:bg-stone-100 dark:text-stone-900"
      >
        {pending ? "Adding…" : "Add to cart"}
      </button>
      <p role="status" aria-live="polite" className="mt-2 min-h-5 text-sm text-stone-600 dark:text-stone-400">
        {message}
      </p>
    </div>
  );
}
