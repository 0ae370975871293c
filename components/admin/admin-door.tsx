import type { ReactNode } from "react";

/** The pages outside the console: login, forgotten password, setting a password. */
export function AdminDoor({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <main className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mb-6 mt-1 text-stone-600 dark:text-stone-400">{intro}</p>
      {children}
    </main>
  );
}
