import type { Metadata } from "next";
import { AdminDoor } from "@/components/admin/admin-door";
import { AuthForm } from "@/components/admin/auth-form";
import { MIN_PASSWORD_LENGTH } from "@/lib/staff/auth";
import { setPasswordAction } from "../auth-actions";

export const metadata: Metadata = { title: "Set your password · Admin", robots: { index: false }, referrer: "no-referrer" };

/** Where invitation and reset links lead. The token is checked (once) when the form is sent. */
export default async function SetPasswordPage({ searchParams }: PageProps<"/admin/set-password">) {
  const { token } = await searchParams;
  return (
    <AdminDoor title="Set your password" intro={`At least ${MIN_PASSWORD_LENGTH} characters. Every session you had ends.`}>
      {typeof token === "string" && token ? (
        <AuthForm
          action={setPasswordAction}
          hidden={{ token }}
          fields={[
            { name: "password", label: "New password", type: "password", autoComplete: "new-password" },
            { name: "confirm", label: "The same again", type: "password", autoComplete: "new-password" },
          ]}
          submit="Set my password"
        />
      ) : (
        <p role="alert">This link is incomplete. Open the link from the email again, or ask for a new one.</p>
      )}
    </AdminDoor>
  );
}
