import type { Metadata } from "next";
import Link from "next/link";
import { AdminDoor } from "@/components/admin/admin-door";
import { AuthForm } from "@/components/admin/auth-form";
import { requestResetAction } from "../auth-actions";

export const metadata: Metadata = { title: "Forgotten password · Admin", robots: { index: false } };

export default function ForgotPasswordPage() {
  return (
    <AdminDoor title="Forgotten password" intro="We email a link to set a new one. It works once, for an hour.">
      <AuthForm action={requestResetAction} fields={[{ name: "email", label: "Email", type: "email", autoComplete: "username" }]} submit="Email me a link" />
      <Link href="/admin/login" className="mt-4 inline-block underline">
        Back to the login
      </Link>
    </AdminDoor>
  );
}
