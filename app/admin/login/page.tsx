import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/admin/login-form";
import { currentAdmin } from "@/lib/admin/session";

export const metadata: Metadata = { title: "Admin login", robots: { index: false } };

export default async function AdminLoginPage() {
  if (await currentAdmin()) redirect("/admin");
  return (
    <main className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold tracking-tight">Merchant admin</h1>
      <p className="mb-6 mt-1 text-stone-600 dark:text-stone-400">Order sync, queue health and the tools to fix what failed.</p>
      <LoginForm />
    </main>
  );
}
