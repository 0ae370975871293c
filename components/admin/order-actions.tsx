"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/orders/merchant-actions";

interface Props {
  label: string;
  /** Why the action does not apply now; the button stays, disabled, so its last message stays too. */
  unavailable?: string;
  /** Asked before anything happens. */
  confirmation: string;
  run: () => Promise<ActionResult>;
}

/** A merchant action button: confirmed first, pending while it runs, then says what happened. */
export function ActionButton({ label, unavailable, confirmation, run }: Props) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  const queryClient = useQueryClient();
  return (
    <div>
      <button
        type="button"
        disabled={pending || Boolean(unavailable)}
        title={unavailable}
        onClick={() => {
          if (!window.confirm(confirmation)) return;
          startTransition(async () => {
            setResult(await run());
            await queryClient.invalidateQueries();
          });
        }}
        className="rounded border border-stone-300 bg-white px-3 py-1.5 font-medium hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-stone-700 dark:bg-stone-900 dark:hover:bg-stone-800"
      >
        {pending ? `${label}…` : label}
      </button>
      <p role="status" aria-live="polite" className={`mt-1 min-h-5 text-xs ${result && !result.ok ? "text-red-700 dark:text-red-400" : "text-stone-600 dark:text-stone-400"}`}>
        {result?.message}
      </p>
    </div>
  );
}
