"use client";

import { useState, useTransition } from "react";
import { addToCart } from "@/app/(shop)/actions";
import { useCartCount } from "./cart-count";

export function AddToCartButton({ productId, productName }: { productId: string; productName: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const cartCount = useCartCount();
  const label = pending ? "Adding…" : "Add to cart";
  return (
    <div>
      {/* The accessible name starts with the visible words (WCAG 2.5.3): "Add to cart: <product>". */}
      <button
        type="button"
        disabled={pending}
        aria-label={`${label}: ${productName}`}
        onClick={() =>
          startTransition(async () => {
            cartCount.change(1);
            const result = await addToCart(productId);
            setMessage(result.ok ? "Added to your cart" : result.error);
          })
        }
        className="btn-primary w-full text-sm"
      >
        {label}
      </button>
      {/* Always rendered, with room for its line: the answer is announced and moves nothing. */}
      <p role="status" aria-live="polite" className="mt-2 min-h-5 text-sm muted">
        {message}
      </p>
    </div>
  );
}
