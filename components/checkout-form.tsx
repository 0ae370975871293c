"use client";

import Link from "next/link";
import { useActionState, useState, type FormEvent } from "react";
import { placeOrderAction, type CheckoutState } from "@/app/(shop)/actions";
import { checkoutSchema, fieldMaxLength, shippingCountries } from "@/lib/orders/checkout";

interface Props {
  /** The cart the summary shows, and its version: the server places it only if it is still so. */
  cartId: string;
  cartVersion: string;
}

const fields = [
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "name", label: "Full name", type: "text", autoComplete: "name" },
  { name: "addressLine1", label: "Address", type: "text", autoComplete: "address-line1" },
  { name: "addressLine2", label: "Apartment, suite (optional)", type: "text", autoComplete: "address-line2" },
  { name: "city", label: "City", type: "text", autoComplete: "address-level2" },
  { name: "postalCode", label: "Postal code", type: "text", autoComplete: "postal-code" },
] as const;

type FieldName = (typeof fields)[number]["name"] | "country";

/** The server's own rule for one field, so the inline message is the one the server would give. */
function check(name: FieldName, value: string): string | undefined {
  return checkoutSchema.shape[name].safeParse(value).error?.issues[0]?.message;
}

export function CheckoutForm({ cartId, cartVersion }: Props) {
  const [state, formAction, pending] = useActionState<CheckoutState, FormData>(placeOrderAction, {});
  // Fields checked in the browser since the last submission; the others show the server's verdict.
  const [checked, setChecked] = useState<Partial<Record<FieldName, string | undefined>>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const errorFor = (name: FieldName) => (name in checked ? checked[name] : state.fieldErrors?.[name]?.[0]);

  const onBlur = (name: FieldName, value: string) => setChecked((current) => ({ ...current, [name]: check(name, value) }));
  // Once a field shows an error, it clears as soon as the value is right.
  const onChange = (name: FieldName, value: string) => {
    if (errorFor(name)) onBlur(name, value);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const names = [...fields.map((field) => field.name), "country"] as FieldName[];
    const errors = Object.fromEntries(names.map((name) => [name, check(name, String(new FormData(form).get(name) ?? ""))]));
    const invalid = names.filter((name) => errors[name]);
    if (invalid.length === 0) {
      setChecked({});
      setSummary(null);
      return;
    }
    event.preventDefault(); // nothing is sent until the form is right
    setChecked(errors);
    setSummary(`Please check the highlighted ${invalid.length === 1 ? "field" : `${invalid.length} fields`}.`);
    form.querySelector<HTMLElement>(`[name="${invalid[0]}"]`)?.focus();
  };

  const describe = (name: FieldName) => {
    const error = errorFor(name);
    return {
      "aria-invalid": error ? true : undefined,
      "aria-describedby": error ? `${name}-error` : undefined,
      onBlur: (event: { target: { value: string } }) => onBlur(name, event.target.value),
      onChange: (event: { target: { value: string } }) => onChange(name, event.target.value),
    };
  };
  const errorText = (name: FieldName) =>
    errorFor(name) && (
      <p id={`${name}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
        {errorFor(name)}
      </p>
    );

  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate aria-busy={pending} aria-label="Shipping details">
      <input type="hidden" name="cartId" value={cartId} />
      <input type="hidden" name="cartVersion" value={cartVersion} />
      {fields.map((field) => (
        <div key={field.name}>
          <label htmlFor={field.name} className="block text-sm font-medium">
            {field.label}
          </label>
          <input
            id={field.name}
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            required={field.name !== "addressLine2"}
            maxLength={fieldMaxLength[field.name]}
            defaultValue={state.values?.[field.name]}
            className="field"
            {...describe(field.name)}
          />
          {errorText(field.name)}
        </div>
      ))}
      <div>
        <label htmlFor="country" className="block text-sm font-medium">
          Country
        </label>
        {/* React never updates a select's default once mounted, and the form is reset after each
            submission: a new key mounts it with the country just submitted, so a refusal keeps it. */}
        <select
          key={state.values?.country}
          id="country"
          name="country"
          defaultValue={state.values?.country ?? "DE"}
          autoComplete="country"
          className="field"
          {...describe("country")}
        >
          {Object.entries(shippingCountries).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        {errorText("country")}
      </div>
      <p role="alert" className="min-h-6 text-sm font-medium text-red-700 dark:text-red-400">
        {summary ?? state.message}
        {!summary && state.ordered && (
          <>
            {" "}
            <Link href={state.ordered.href} className="underline">
              View order {state.ordered.label}
            </Link>
          </>
        )}
      </p>
      <button type="submit" disabled={pending} className="btn-primary w-full py-3 text-base">
        {pending ? "Placing order…" : "Place order"}
      </button>
    </form>
  );
}
