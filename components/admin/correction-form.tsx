"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition, type FormEvent } from "react";
import { correctOrderAction } from "@/app/admin/actions";
import type { OrderDetail } from "@/lib/admin/orders";
import { shippingCountries } from "@/lib/orders/checkout";
import type { ActionResult } from "@/lib/orders/merchant-actions";

type Field = keyof OrderDetail["recipient"];
const fields: { name: Exclude<Field, "country">; label: string; type?: string }[] = [
  { name: "email", label: "Email", type: "email" },
  { name: "name", label: "Name" },
  { name: "addressLine1", label: "Address" },
  { name: "addressLine2", label: "Apartment, suite" },
  { name: "city", label: "City" },
  { name: "postalCode", label: "Postal code" },
];
const inputClass = "mt-1 w-full rounded border border-stone-300 bg-white px-2 py-1 dark:border-stone-700 dark:bg-stone-900";

/** Corrects who and where an order the ERP refused goes to; Retry sync then sends the corrected body. */
export function CorrectionForm({ order }: { order: OrderDetail }) {
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const queryClient = useQueryClient();
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  // Submitted by hand rather than as a form action, which would reset what the merchant typed
  // when the server refuses it.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      setResult(await correctOrderAction(order.id, form));
      await queryClient.invalidateQueries();
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="correction-heading" className="max-w-2xl space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((field) => (
          <div key={field.name}>
            <label htmlFor={`correct-${field.name}`} className="block text-sm font-medium">
              {field.label}
            </label>
            <input
              id={`correct-${field.name}`}
              name={field.name}
              type={field.type ?? "text"}
              defaultValue={order.recipient[field.name]}
              aria-invalid={errors?.[field.name] ? true : undefined}
              aria-describedby={errors?.[field.name] ? `correct-${field.name}-error` : undefined}
              className={inputClass}
            />
            {errors?.[field.name] && (
              <p id={`correct-${field.name}-error`} className="mt-1 text-xs text-red-700 dark:text-red-400">
                {errors[field.name]![0]}
              </p>
            )}
          </div>
        ))}
        <div>
          <label htmlFor="correct-country" className="block text-sm font-medium">
            Country
          </label>
          <select id="correct-country" name="country" defaultValue={order.recipient.country} className={inputClass}>
            {Object.entries(shippingCountries).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-stone-300 bg-white px-3 py-1.5 font-medium hover:bg-stone-100 disabled:opacity-50 dark:border-stone-700 dark:bg-stone-900 dark:hover:bg-stone-800"
      >
        {pending ? "Saving the correction…" : "Save the correction"}
      </button>
      <p role="status" aria-live="polite" className={`min-h-5 text-sm ${result && !result.ok ? "text-red-700 dark:text-red-400" : "text-stone-600 dark:text-stone-400"}`}>
        {result?.message}
      </p>
    </form>
  );
}
