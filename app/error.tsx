"use client";

import Link from "next/link";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="mt-3 muted">That was our fault, not yours. Your cart and any order you placed are safe; please try again in a moment.</p>
      <div className="mt-8 flex justify-center gap-3">
        <button type="button" onClick={reset} className="btn-primary">
          Try again
        </button>
        <Link href="/" className="inline-flex items-center rounded-lg border border-stone-300 px-5 py-2.5 font-semibold dark:border-stone-600">
          Back to the shop
        </Link>
      </div>
    </main>
  );
}
