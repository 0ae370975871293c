"use client";

import type { FormEvent } from "react";
import { correctOrderAction } from "@/app/admin/actions";
import type { OrderDetail } from "@/lib/admin/orders";
import { shippingCountries } from "@/lib/orders/checkout";
import { buttonClass, fieldClass, useFormAction } from "./form-action";

type Field = keyof OrderDetail["recipient"];
const fields: { name: Exclude<Field, "country">; label: string; type?: string }[] = [
  { name: "email", label: "Email", type: "email" },
  { name: "name", label: "Name" },
  { name: "addressLine1", label: "Address" },
  { name: "addressLine2", label: "Apartment, suite" },
  { name: "city", label: "City" },
  { name: "postalCode", label: "Postal code" },
];

/** Corrects who and where an order the ERP refused goes to; Retry sync then sends the corrected body. */
export function CorrectionForm({ order }: { order: OrderDetail }) {
  const { run, pending, result, status } = useFormAction();
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(() => correctOrderAction(order.id, form));
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
              className={fieldClass}
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
          <select id="correct-country" name="country" defaultValue={order.recipient.country} className={fieldClass}>
            {Object.entries(shippingCountries).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Saving the correction…" : "Save the correction"}
      </button>
      {status}
    </form>
  );
}
