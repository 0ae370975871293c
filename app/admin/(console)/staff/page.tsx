import type { Metadata } from "next";
import { InviteForm, StaffRow } from "@/components/admin/staff";
import { LocalTime } from "@/components/local-time";
import { listStaff } from "@/lib/staff/accounts";
import { ROLE_DUTIES, STAFF_ROLES } from "@/lib/staff/roles";
import { requireStaffPage } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Staff · Admin" };

/** Owners only: who can use the admin, with which role, and the means to invite, change, end sessions and remove. */
export default async function StaffPage() {
  const owner = await requireStaffPage("owner");
  const people = await listStaff();
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Staff</h1>
      <ul className="mb-4 text-stone-600 dark:text-stone-400">
        {STAFF_ROLES.map((role) => (
          <li key={role}>
            <strong>{role}</strong>: {ROLE_DUTIES[role]}
          </li>
        ))}
      </ul>
      <table className="mb-8 w-full text-left" data-testid="staff-list">
        <thead>
          <tr className="border-b border-stone-200 dark:border-stone-800">
            <th className="py-2">Person</th>
            <th>Since</th>
            <th>Role</th>
            <th>Sessions</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {people.map(({ createdAt, ...person }) => (
            <StaffRow key={person.id} person={person} since={<LocalTime iso={createdAt.toISOString()} />} isSelf={person.id === owner.id} />
          ))}
        </tbody>
      </table>
      <h2 className="mb-2 font-semibold">Invite someone</h2>
      <p className="mb-3 text-sm text-stone-600 dark:text-stone-400">They get an email with a link to choose their own password; it works once, for 3 days.</p>
      <InviteForm />
    </>
  );
}
