"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="py-16 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-stone-600 dark:text-stone-400">Please try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-6 rounded-lg border border-stone-300 px-4 py-2">
        Try again
      </button>
    </div>
  );
}
