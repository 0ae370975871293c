import type { Metadata } from "next";
import { AuthForm } from "@/components/admin/auth-form";
import { ROLE_DUTIES } from "@/lib/staff/roles";
import { requireStaffPage } from "@/lib/staff/session";
import { changePasswordAction } from "../../auth-actions";

export const metadata: Metadata = { title: "Your account · Admin" };

export default async function AccountPage() {
  const staff = await requireStaffPage();
  return (
    <div className="max-w-sm">
      <h1 className="mb-1 text-xl font-semibold">Your account</h1>
      <p className="mb-6 text-stone-600 dark:text-stone-400">
        {staff.name} · {staff.email} · {staff.role} ({ROLE_DUTIES[staff.role]})
      </p>
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
