"use client";

import { useRouter } from "next/navigation";
import type { FormEvent, ReactNode } from "react";
import { changeRoleAction, inviteAction, removeStaffAction, revokeSessionsAction } from "@/app/admin/staff-actions";
import { STAFF_ROLES, type StaffRole } from "@/lib/staff/roles";
import { buttonClass, fieldClass, useFormAction } from "./form-action";

interface Person {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  passwordSet: boolean;
  sessions: number;
}

/** A row of the staff page: change the role, end the sessions, remove. */
export function StaffRow({ person, since, isSelf }: { person: Person; since: ReactNode; isSelf: boolean }) {
  const router = useRouter();
  const action = useFormAction();
  const run = (call: () => ReturnType<typeof revokeSessionsAction>) => action.run(call, () => router.refresh());
  return (
    <tr className="border-b border-stone-100 align-top dark:border-stone-900" data-testid="staff-row">
      <td className="py-2">
        {person.name}
        <div className="text-stone-500">
          {person.email}
          {person.passwordSet ? "" : " · invited, no password yet"}
        </div>
      </td>
      <td className="py-2">{since}</td>
      <td className="py-2">
        <select aria-label={`Role of ${person.email}`} defaultValue={person.role} className={fieldClass} onChange={(event) => run(() => changeRoleAction(person.id, event.currentTarget.value))}>
          {STAFF_ROLES.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </td>
      <td className="py-2">{person.sessions}</td>
      <td className="space-x-2 py-2 text-right">
        <button type="button" className={buttonClass} disabled={action.pending} onClick={() => run(() => revokeSessionsAction(person.id))}>
          End sessions
        </button>
        {!isSelf && (
          <button type="button" className={buttonClass} disabled={action.pending} onClick={() => confirm(`Remove ${person.email} from the admin?`) && run(() => removeStaffAction(person.id))}>
            Remove
          </button>
        )}
        {action.status}
      </td>
    </tr>
  );
}

export function InviteForm() {
  const router = useRouter();
  const invite = useFormAction();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    invite.run(() => inviteAction(new FormData(form)), () => (form.reset(), router.refresh()));
  };
  return (
    <form aria-label="Invite someone" onSubmit={submit} noValidate className="grid max-w-xl gap-3 sm:grid-cols-3">
      <label className="text-sm font-medium">
        Name
        <input name="name" autoComplete="off" className={fieldClass} />
      </label>
      <label className="text-sm font-medium">
        Email
        <input name="email" type="email" autoComplete="off" className={fieldClass} />
      </label>
      <label className="text-sm font-medium">
        Role
        <select name="role" defaultValue="operator" className={fieldClass}>
          {STAFF_ROLES.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </label>
      <div className="sm:col-span-3">
        <button type="submit" className={buttonClass} disabled={invite.pending}>
          Send the invitation
        </button>
        {invite.status}
      </div>
    </form>
  );
}
