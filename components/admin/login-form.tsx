"use client";

import { useActionState } from "react";
import { login, type LoginState } from "@/app/admin/actions";

export function LoginForm() {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(login, {});
  return (
    <form action={formAction} className="space-y-4">
      <div>
        <label htmlFor="name" className="block text-sm font-medium">
          Your name
        </label>
        <input id="name" name="name" autoComplete="name" required className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 dark:border-stone-600 dark:bg-stone-900" />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 dark:border-stone-600 dark:bg-stone-900" />
      </div>
      <p role="alert" className="min-h-6 text-sm font-medium text-red-700 dark:text-red-400">
        {state.error}
      </p>
      <button type="submit" disabled={pending} className="w-full rounded-lg bg-stone-900 px-4 py-2.5 font-semibold text-white disabled:opacity-60 dark:bg-stone-100 dark:text-stone-900">
        {pending ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
