import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AdminDoor } from "@/components/admin/admin-door";
import { AuthForm } from "@/components/admin/auth-form";
import { safeNextPath } from "@/lib/staff/next-path";
import { loggedInStaff } from "@/lib/staff/session";
import { logIn } from "../auth-actions";

export const metadata: Metadata = { title: "Admin login", robots: { index: false } };

export default async function AdminLoginPage({ searchParams }: PageProps<"/admin/login">) {
  const { next, password } = await searchParams;
  const destination = safeNextPath(next);
  if (await loggedInStaff()) redirect(destination);
  return (
    <AdminDoor title="Merchant admin" intro="Order sync, queue health and the tools to fix what failed.">
      {password === "set" && (
        <p role="status" className="mb-4 rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
          Your password is set. Log in with it.
        </p>
      )}
      <AuthForm
        action={logIn}
        hidden={{ next: destination }}
        fields={[
          { name: "email", label: "Email", type: "email", autoComplete: "username" },
          { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
        ]}
        submit="Log in"
      />
      <Link href="/admin/forgot-password" className="mt-4 inline-block underline">
        Forgot your password?
      </Link>
    </AdminDoor>
  );
}
