"use client";

import { useState, useTransition } from "react";
import { addToCart } from "@/app/(shop)/actions";
import { useCartCount } from "./cart-count";

export function AddToCartButton({ productId, productName }: { productId: string; productName: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const cartCount = useCartCount();
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        aria-label={`Add ${productName} to cart`}
        onClick={() =>
          startTransition(async () => {
            cartCount.change(1);
            const result = await addToCart(productId);
            setMessage(result.ok ? "Added to your cart" : result.error);
          })
        }
        className="btn-primary w-full text-sm"
      >
        {pending ? "Adding…" : "Add to cart"}
      </button>
      {/* Always rendered, with room for its line: the answer is announced and moves nothing. */}
      <p role="status" aria-live="polite" className="mt-2 min-h-5 text-sm muted">
        {message}
      </p>
    </div>
  );
}
