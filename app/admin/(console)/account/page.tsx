import type { Metadata } from "next";
import { AuthForm } from "@/components/admin/auth-form";
import { ROLE_DUTIES } from "@/lib/staff/roles";
import { requireStaffPage } from "@/lib/staff/session";
import { changePasswordAction } from "../../auth-actions";

export const metadata: Metadata = { title: "Your account · Admin" };

export default async function AccountPage({ searchParams }: PageProps<"/admin/account">) {
  const staff = await requireStaffPage();
  const { password } = await searchParams;
  return (
    <div className="max-w-sm">
      <h1 className="mb-1 text-xl font-semibold">Your account</h1>
      <p className="mb-6 text-stone-600 dark:text-stone-400">
        {staff.name} · {staff.email} · {staff.role} ({ROLE_DUTIES[staff.role]})
      </p>
      {password === "changed" && (
        <p role="status" className="mb-4 rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
          Password changed. Every other session of yours has ended.
        </p>
      )}
      <h2 className="mb-2 font-semibold">Change your password</h2>
      <AuthForm
        action={changePasswordAction}
        fields={[
          { name: "current", label: "Current password", type: "password", autoComplete: "current-password" },
          { name: "password", label: "New password", type: "password", autoComplete: "new-password" },
          { name: "confirm", label: "The same again", type: "password", autoComplete: "new-password" },
        ]}
        submit="Change my password"
      />
    </div>
  );
}
