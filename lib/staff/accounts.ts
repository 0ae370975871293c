import { webConfig } from "../config";
import { db, prisma, type Tx } from "../db";
import { auth } from "./auth";
import { INVITE_LINK_SECONDS, linkIdentifier, newLinkToken, sendStaffLink } from "./links";
import { hashPassword, verifyPassword } from "./password";
import type { StaffRole } from "./roles";

/** What an owner does to staff (the staff page), and the first owner. Roles are read from the row on every request, so a change applies at once. */
export type Result = { ok: true; message: string } | { ok: false; message: string };

/** Everyone, oldest first, with whether they have chosen a password and how many live sessions they have. */
export async function listStaff() {
  const idleSince = new Date(Date.now() - webConfig().STAFF_IDLE_MINUTES * 60_000);
  const people = await prisma.staff.findMany({
    orderBy: [{ createdAt: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      createdAt: true,
      accounts: { select: { id: true }, where: { providerId: "credential" } },
      _count: { select: { sessions: { where: { expiresAt: { gt: new Date() }, lastActiveAt: { gt: idleSince } } } } },
    },
  });
  return people.map(({ accounts, _count, ...person }) => ({ ...person, passwordSet: accounts.length > 0, sessions: _count.sessions }));
}

/**
 * Adds a person with no password yet (or names again one invited before) and mails them a one-time
 * link to choose one. One statement decides: two owners inviting the same address at once make one
 * person, and someone who has a password is left as they are.
 */
export async function invite(input: { email: string; name: string; role: StaffRole }, invitedBy: string): Promise<Result> {
  const email = input.email.toLowerCase();
  const named = { name: input.name, role: input.role, updatedAt: new Date() };
  const person = await db
    .insertInto("Staff")
    .values({ id: crypto.randomUUID(), email, ...named })
    .onConflict((oc) =>
      oc
        .column("email")
        .doUpdateSet(named)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom("StaffAccount").select("StaffAccount.id").whereRef("StaffAccount.staffId", "=", "Staff.id")))),
    )
    .returning("id")
    .executeTakeFirst();
  if (!person) return { ok: false, message: `${email} is already staff` };

  const token = newLinkToken();
  const context = await auth.$context;
  await context.internalAdapter.createVerificationValue({ identifier: linkIdentifier(token), value: person.id, expiresAt: new Date(Date.now() + INVITE_LINK_SECONDS * 1000) });
  try {
    await sendStaffLink({ kind: "invite", to: { name: input.name, email }, token, role: input.role, invitedBy });
  } catch (error) {
    return { ok: false, message: `The invitation to ${email} could not be sent: ${(error as Error).message}. Invite them again in a moment.` };
  }
  return { ok: true, message: `Invitation sent to ${email}` };
}

/**
 * Changes a person's role or removes them, never leaving the shop without an owner: the owners'
 * rows are locked first, so two owners demoting each other at once cannot both succeed.
 */
async function keepingAnOwner(staffId: string, change: (tx: Tx) => Promise<unknown>, newRole?: StaffRole): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const owners = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Staff" WHERE role = 'owner' FOR UPDATE`;
    const othersLeft = owners.some((owner) => owner.id !== staffId);
    if (!othersLeft && newRole !== "owner" && owners.some((owner) => owner.id === staffId)) return false;
    await change(tx);
    return true;
  });
}

export async function changeRole(staffId: string, role: StaffRole): Promise<Result> {
  const changed = await keepingAnOwner(staffId, (tx) => tx.staff.updateMany({ where: { id: staffId }, data: { role } }), role);
  return changed ? { ok: true, message: `Role changed to ${role}` } : { ok: false, message: "The shop needs an owner: make someone else owner first" };
}

/** Ends every session of the person: their next request is refused. */
export async function revokeSessions(staffId: string): Promise<Result> {
  const { count } = await prisma.staffSession.deleteMany({ where: { staffId } });
  return { ok: true, message: `${count} session${count === 1 ? "" : "s"} ended` };
}

/** Removes the person, their sessions and password; the timeline keeps their name on what they did. */
export async function remove(staffId: string): Promise<Result> {
  const removed = await keepingAnOwner(staffId, (tx) => tx.staff.deleteMany({ where: { id: staffId } }));
  return removed ? { ok: true, message: "Removed" } : { ok: false, message: "The shop needs an owner: make someone else owner first" };
}

/** "marta.v@shop.example" → "Marta.v": a name for the first owner until they have staff to tell apart. */
const nameFrom = (email: string) => email.charAt(0).toUpperCase() + email.slice(1, email.indexOf("@"));

/**
 * The first owner, from ADMIN_EMAIL and ADMIN_PASSWORD (scripts/first-owner.ts). Creates it if
 * missing; `resetPassword` also makes an existing one's password ADMIN_PASSWORD again, ending its
 * sessions if that changed it.
 */
export async function ensureOwner(email: string, password: string, { resetPassword }: { resetPassword: boolean }): Promise<"created" | "reset" | "unchanged"> {
  const address = email.toLowerCase();
  const existing = await prisma.staff.findUnique({ where: { email: address }, include: { accounts: { where: { providerId: "credential" } } } });
  if (!existing) {
    const context = await auth.$context;
    const owner = await context.internalAdapter.createUser({ email: address, name: nameFrom(address), role: "owner", emailVerified: true }, { method: "admin" });
    await context.internalAdapter.linkAccount({ userId: owner.id, providerId: "credential", accountId: owner.id, password: await hashPassword(password) });
    return "created";
  }
  const account = existing.accounts[0];
  if (account && !resetPassword) return "unchanged"; // a password set since stays (an owner without one gets ADMIN_PASSWORD)
  const current = account?.password ? await verifyPassword({ hash: account.password, password }) : false;
  if (current && existing.role === "owner") return "unchanged";
  const hash = await hashPassword(password);
  await prisma.$transaction([
    prisma.staff.update({ where: { id: existing.id }, data: { role: "owner" } }),
    account
      ? prisma.staffAccount.update({ where: { id: account.id }, data: { password: hash } })
      : prisma.staffAccount.create({ data: { id: crypto.randomUUID(), staffId: existing.id, providerId: "credential", accountId: existing.id, password: hash } }),
    ...(current ? [] : [prisma.staffSession.deleteMany({ where: { staffId: existing.id } })]),
  ]);
  return "reset";
}
