"use client";

import { useActionState } from "react";
import { placeOrderAction, type CheckoutState } from "@/app/(shop)/actions";
import type { CartLine } from "@/lib/cart";
import { shippingCountries } from "@/lib/orders/checkout";

interface Props {
  /** Fresh per checkout page; a resubmitted form (double click, retry, back button) reuses it. */
  idempotencyKey: string;
  lines: CartLine[];
}

const fields = [
  { name: "email", label: "Email", type: "email", autoComplete: "email", required: true },
  { name: "name", label: "Full name", type: "text", autoComplete: "name", required: true },
  { name: "addressLine1", label: "Address", type: "text", autoComplete: "address-line1", required: true },
  { name: "addressLine2", label: "Apartment, suite (optional)", type: "text", autoComplete: "address-line2", required: false },
  { name: "city", label: "City", type: "text", autoComplete: "address-level2", required: true },
  { name: "postalCode", label: "Postal code", type: "text", autoComplete: "postal-code", required: true },
] as const;

export function CheckoutForm({ idempotencyKey, lines }: Props) {
  const [state, formAction, pending] = useActionState<CheckoutState, FormData>(placeOrderAction, {});
  const errorsFor = (name: string) => state.fieldErrors?.[name as keyof typeof state.fieldErrors];

  return (
    <form action={formAction} className="space-y-4" noValidate aria-busy={pending}>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="items" value={JSON.stringify(lines)} />
      {fields.map((field) => {
        const errors = errorsFor(field.name);
        return (
          <div key={field.name}>
            <label htmlFor={field.name} className="block text-sm font-medium">
              {field.label}
            </label>
            <input
              id={field.name}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              required={field.required}
              defaultValue={state.values?.[field.name]}
              aria-invalid={errors ? true : undefined}
              aria-describedby={errors ? `${field.name}-error` : undefined}
              className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 dark:border-stone-600 dark:bg-stone-900"
            />
            {errors && (
              <p id={`${field.name}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
                {errors[0]}
              </p>
            )}
          </div>
        );
      })}
      <div>
        <label htmlFor="country" className="block text-sm font-medium">
          Country
        </label>
        <select
          id="country"
          name="country"
          defaultValue={state.values?.country ?? "DE"}
          className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 dark:border-stone-600 dark:bg-stone-900"
        >
          {Object.entries(shippingCountries).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        {errorsFor("country") && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errorsFor("country")![0]}</p>}
      </div>
      <p role="alert" className="min-h-6 text-sm font-medium text-red-700 dark:text-red-400">
        {state.message}
      </p>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-lg bg-stone-900 px-5 py-3 text-base font-semibold text-white hover:bg-stone-700 disabled:cursor-wait disabled:opacity-70 dark:bg-stone-100 dark:text-stone-900"
      >
        {pending ? "Placing order…" : "Place order"}
      </button>
    </form>
  );
}
