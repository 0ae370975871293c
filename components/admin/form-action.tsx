"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/orders/merchant-actions";

/** The admin forms' text fields and buttons. */
export const fieldClass = "mt-1 w-full rounded border border-stone-300 bg-white px-2 py-1 dark:border-stone-700 dark:bg-stone-900";
export const buttonClass =
  "rounded border border-stone-300 bg-white px-3 py-1.5 font-medium hover:bg-stone-100 disabled:opacity-50 dark:border-stone-700 dark:bg-stone-900 dark:hover:bg-stone-800";

/**
 * Runs a merchant action from a form submitted by hand (a form action would reset what the merchant
 * typed when the server refuses it), says what happened, and refreshes what the page shows.
 */
export function useFormAction() {
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const queryClient = useQueryClient();
  const run = (action: () => Promise<ActionResult>, onDone?: () => void) =>
    startTransition(async () => {
      const answer = await action();
      setResult(answer);
      if (answer.ok) onDone?.();
      await queryClient.invalidateQueries();
    });
  const status = (
    <p role="status" aria-live="polite" className={`min-h-5 text-sm ${result && !result.ok ? "text-red-700 dark:text-red-400" : "text-stone-600 dark:text-stone-400"}`}>
      {result?.message}
    </p>
  );
  return { run, pending, result, status };
}
