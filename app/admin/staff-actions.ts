"use server";

import { z } from "zod";
import { changeRole, invite, remove, revokeSessions, type Result } from "@/lib/staff/accounts";
import { actorName, STAFF_ROLES } from "@/lib/staff/roles";
import { requireStaff } from "@/lib/staff/session";
import { PRINTABLE } from "@/lib/orders/checkout";

/** The staff page's actions: owners only. */
const inviteSchema = z.object({
  email: z.email("Enter their email address").max(254),
  name: z.string().trim().min(1, "Enter their name, as the order timeline will show it").max(80, "Keep the name under 80 characters").regex(PRINTABLE, "The name has invisible characters"),
  role: z.enum(STAFF_ROLES, "Choose a role"),
});
const staffId = z.string().min(1).max(100);
const refused = { ok: false, message: "Unknown member of staff" } as const;

export async function inviteAction(form: FormData): Promise<Result> {
  const owner = await requireStaff("owner");
  const parsed = inviteSchema.safeParse(form instanceof FormData ? Object.fromEntries(form) : null);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  return invite(parsed.data, actorName(owner));
}

export async function changeRoleAction(id: string, role: string): Promise<Result> {
  await requireStaff("owner");
  const parsed = z.object({ id: staffId, role: z.enum(STAFF_ROLES) }).safeParse({ id, role });
  return parsed.success ? changeRole(parsed.data.id, parsed.data.role) : refused;
}

export async function revokeSessionsAction(id: string): Promise<Result> {
  await requireStaff("owner");
  const parsed = staffId.safeParse(id);
  return parsed.success ? revokeSessions(parsed.data) : refused;
}

export async function removeStaffAction(id: string): Promise<Result> {
  const owner = await requireStaff("owner");
  const parsed = staffId.safeParse(id);
  if (!parsed.success) return refused;
  if (parsed.data === owner.id) return { ok: false, message: "You cannot remove yourself; another owner can" };
  return remove(parsed.data);
}
