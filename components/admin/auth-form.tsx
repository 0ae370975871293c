"use client";

import { useActionState } from "react";
import type { FormState } from "@/app/admin/auth-actions";

interface Field {
  name: string;
  label: string;
  type?: "email" | "password" | "text";
  autoComplete: string;
}

/** The login, password and reset forms: labelled fields, a hidden value or two, the server's answer. */
export function AuthForm({ action, fields, hidden = {}, submit }: { action: (state: FormState, form: FormData) => Promise<FormState>; fields: Field[]; hidden?: Record<string, string>; submit: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction} className="space-y-4">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map(({ name, label, type = "text", autoComplete }) => (
        <div key={name}>
          <label htmlFor={name} className="block text-sm font-medium">
            {label}
          </label>
          <input id={name} name={name} type={type} autoComplete={autoComplete} required className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 dark:border-stone-600 dark:bg-stone-900" />
        </div>
      ))}
      <p role="alert" className="min-h-6 text-sm font-medium text-red-700 dark:text-red-400">
        {state.error}
      </p>
      {state.message && (
        <p role="status" className="text-sm text-stone-700 dark:text-stone-300">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending} className="w-full rounded-lg bg-stone-900 px-4 py-2.5 font-semibold text-white disabled:opacity-60 dark:bg-stone-100 dark:text-stone-900">
        {pending ? "One moment…" : submit}
      </button>
    </form>
  );
}
