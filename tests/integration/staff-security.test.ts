import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { db, prisma } from "@/lib/db";
import { staffPasswordChecks } from "@/lib/metrics";
import { changeRole, ensureOwner, invite, listStaff, revokeSessions } from "@/lib/staff/accounts";
import { auth } from "@/lib/staff/auth";
import { changePassword, setPasswordWithLink, signIn, USED_LINK, WRONG_LOGIN } from "@/lib/staff/login";
import { staffFromHeaders } from "@/lib/staff/session";
import { LOGIN_LIMITS } from "@/lib/staff/throttle";
import { fakeResend } from "../support/fake-resend";

/**
 * The admin's security suite: throttling that cannot be raced, sessions that end when they should,
 * one-time links, the last owner. Real PostgreSQL, Redis and Resend SDK (against the fake API);
 * e2e/staff-security.spec.ts checks the same through HTTP and the browser.
 */
const PASSWORD = "correct horse battery";
const unique = () => randomUUID().slice(0, 8);
const address = () => `198.51.100.${unique()}`;
const resend = fakeResend(config().RESEND_BASE_URL);

async function person(role: "viewer" | "operator" | "owner" = "operator") {
  const email = `${role}-${unique()}@shop.test`;
  await ensureOwner(email, PASSWORD, { resetPassword: false });
  if (role !== "owner") await prisma.staff.update({ where: { email }, data: { role } });
  return email;
}

/** Logs in as a browser would; the cookie header its next requests carry. */
async function cookieOf(email: string, password = PASSWORD): Promise<Headers> {
  const outcome = await signIn(email, password, address(), new Headers());
  if (!outcome.ok) throw new Error(outcome.error);
  const cookie = outcome.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  return new Headers({ cookie });
}

const passwordChecks = async () => (await staffPasswordChecks.get()).values[0]?.value ?? 0;

beforeAll(async () => {
  await prisma.staff.deleteMany();
});
afterAll(async () => {
  await prisma.staff.deleteMany();
});

describe("login throttling", () => {
  it("compares at most the allowance when 40 wrong passwords arrive at once from one address, and the right one among them does not log in", async () => {
    const email = await person();
    const from = address();
    const before = await passwordChecks();
    const attempts = Array.from({ length: 40 }, (_, index) => signIn(email, index === 39 ? PASSWORD : `wrong-${index}`, from, new Headers()));
    const outcomes = await Promise.all(attempts);

    expect(await passwordChecks()).toBe(before + LOGIN_LIMITS.perAddress);
    expect(outcomes.filter((outcome) => outcome.ok)).toEqual([]);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.error === WRONG_LOGIN)).toHaveLength(LOGIN_LIMITS.perAddress);
    expect(outcomes.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes\.$/) });
  });

  it("limits one account across many addresses, and gives the points back on success", async () => {
    const email = await person();
    const before = await passwordChecks();
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => signIn(email, "wrong-password", address(), new Headers())));
    expect(await passwordChecks()).toBe(before + LOGIN_LIMITS.perAccount);
    expect(outcomes.every((outcome) => !outcome.ok)).toBe(true);

    const other = await person();
    const from = address();
    for (let attempt = 0; attempt < LOGIN_LIMITS.perAddress + 3; attempt++) expect((await signIn(other, PASSWORD, from, new Headers())).ok).toBe(true);
  });

  it("says the same for an unknown email as for a wrong password", async () => {
    expect(await signIn(`nobody-${unique()}@shop.test`, PASSWORD, address(), new Headers())).toEqual({ ok: false, error: WRONG_LOGIN });
  });
});

describe("sessions end when they should", () => {
  it("refuses a session cookie after logout", async () => {
    const cookie = await cookieOf(await person());
    expect(await staffFromHeaders(cookie, true)).not.toBeNull();
    await auth.api.signOut({ headers: cookie });
    expect(await staffFromHeaders(cookie, true)).toBeNull();
  });

  it("refuses every older session cookie after a password change; the changing browser gets a new one", async () => {
    const email = await person();
    const [laptop, phone] = [await cookieOf(email), await cookieOf(email)];
    const changed = await changePassword(email, PASSWORD, "a new long password", address(), laptop);
    expect(changed.ok).toBe(true);

    expect(await staffFromHeaders(laptop, true)).toBeNull();
    expect(await staffFromHeaders(phone, true)).toBeNull();
    const fresh = new Headers({ cookie: changed.ok ? changed.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ") : "" });
    expect(await staffFromHeaders(fresh, true)).toMatchObject({ email });
    expect((await signIn(email, PASSWORD, address(), new Headers())).ok).toBe(false);
  });

  it("refuses a session cookie after an owner revokes the person's sessions", async () => {
    const email = await person();
    const cookie = await cookieOf(email);
    const { id } = await prisma.staff.findUniqueOrThrow({ where: { email } });
    expect(await revokeSessions(id)).toEqual({ ok: true, message: "1 session ended" });
    expect(await staffFromHeaders(cookie, true)).toBeNull();
  });

  it("ends a session idle longer than STAFF_IDLE_MINUTES; polls neither keep it alive nor pass it", async () => {
    const cookie = await cookieOf(await person());
    const staff = (await staffFromHeaders(cookie, true))!;
    const setIdleFor = (minutes: number) =>
      db.updateTable("StaffSession").set({ lastActiveAt: new Date(Date.now() - minutes * 60_000) }).where("id", "=", staff.sessionId).execute();

    await setIdleFor(29);
    expect(await staffFromHeaders(cookie, false)).not.toBeNull(); // a poll
    await setIdleFor(29);
    expect(await staffFromHeaders(cookie, true)).not.toBeNull(); // a page: active again
    const { lastActiveAt } = await db.selectFrom("StaffSession").select("lastActiveAt").where("id", "=", staff.sessionId).executeTakeFirstOrThrow();
    expect(Date.now() - lastActiveAt.getTime()).toBeLessThan(60_000);

    const sessionsOf = async () => (await listStaff()).find((person) => person.id === staff.id)!.sessions;
    expect(await sessionsOf()).toBe(1);
    await setIdleFor(31);
    expect(await sessionsOf()).toBe(0); // the staff page counts live sessions only
    expect(await staffFromHeaders(cookie, true)).toBeNull();
    expect(await db.selectFrom("StaffSession").select("id").where("id", "=", staff.sessionId).executeTakeFirst()).toBeUndefined();
  });

  it("ends a session at its absolute lifetime however active", async () => {
    const cookie = await cookieOf(await person());
    const staff = (await staffFromHeaders(cookie, true))!;
    const session = await db.selectFrom("StaffSession").select(["createdAt", "expiresAt"]).where("id", "=", staff.sessionId).executeTakeFirstOrThrow();
    // Both stamped by better-auth from two reads of the clock: a millisecond may pass between them.
    expect(Math.abs(session.expiresAt.getTime() - session.createdAt.getTime() - 12 * 3600_000)).toBeLessThanOrEqual(50);

    await db.updateTable("StaffSession").set({ expiresAt: new Date(Date.now() - 1000) }).where("id", "=", staff.sessionId).execute();
    expect(await staffFromHeaders(cookie, true)).toBeNull();
  });
});

describe("invitations", () => {
  it("mails a one-time link: the person sets their own password, and the link used twice is refused", async () => {
    const email = `invited-${unique()}@shop.test`;
    expect(await invite({ email, name: "Ada", role: "operator" }, "Marta (marta@shop.test)")).toEqual({ ok: true, message: `Invitation sent to ${email}` });
    const mail = (await resend.emails()).find((sent) => sent.to.includes(email))!;
    expect(mail.subject).toBe("You are invited to the Dispatch admin");
    expect(mail.text).toContain("Marta (marta@shop.test) added you to the shop's admin as operator");
    const token = new URL(mail.text.match(/http:\/\/shop\.test\/admin\/set-password\?token=[\w-]+/)![0]).searchParams.get("token")!;

    expect((await signIn(email, PASSWORD, address(), new Headers())).ok).toBe(false); // no password yet
    const [first, second] = await Promise.all([setPasswordWithLink(token, PASSWORD, address()), setPasswordWithLink(token, "another long password", address())]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect(await setPasswordWithLink(token, "a third long password", address())).toEqual({ ok: false, error: USED_LINK });

    const winner = first.ok ? PASSWORD : "another long password";
    expect(await staffFromHeaders(await cookieOf(email, winner), true)).toMatchObject({ name: "Ada", email, role: "operator" });
  });

  it("refuses to invite someone who already has a password", async () => {
    const email = await person();
    expect(await invite({ email, name: "Again", role: "viewer" }, "Marta")).toEqual({ ok: false, message: `${email} is already staff` });
  });

  it("two owners inviting one new address at once: one person, each owner answered, each link works", async () => {
    const email = `twice-${unique()}@shop.test`;

    const results = await Promise.all([invite({ email, name: "Ada", role: "viewer" }, "Marta"), invite({ email, name: "Ada", role: "viewer" }, "Jonas")]);

    expect(results).toEqual([
      { ok: true, message: `Invitation sent to ${email}` },
      { ok: true, message: `Invitation sent to ${email}` },
    ]);
    expect(await prisma.staff.count({ where: { email } })).toBe(1);
    expect((await resend.emails()).filter((mail) => mail.to.includes(email))).toHaveLength(2);
  });

  it("an invitation the mail API refuses is answered with the reason, and can be sent again", async () => {
    const email = `unmailed-${unique()}@shop.test`;
    await resend.failNext(500);

    const refused = await invite({ email, name: "Ada", role: "viewer" }, "Marta");

    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(new RegExp(`^The invitation to ${email} could not be sent: .+ Invite them again`));
    expect(await invite({ email, name: "Ada", role: "viewer" }, "Marta")).toEqual({ ok: true, message: `Invitation sent to ${email}` });
    expect(await prisma.staff.count({ where: { email } })).toBe(1);
  });
});

describe("owners", () => {
  it("never leaves the shop without an owner, even when two owners demote each other at once", async () => {
    await prisma.staff.deleteMany();
    const [first, second] = [await person("owner"), await person("owner")];
    const ids = await Promise.all([first, second].map(async (email) => (await prisma.staff.findUniqueOrThrow({ where: { email } })).id));
    const results = await Promise.all(ids.map((id) => changeRole(id, "viewer")));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await prisma.staff.count({ where: { role: "owner" } })).toBe(1);
  });

  it("the first owner: created once, left alone, and reset on request, which ends its sessions", async () => {
    const email = `owner-${unique()}@shop.test`;
    expect(await ensureOwner(email, PASSWORD, { resetPassword: false })).toBe("created");
    const cookie = await cookieOf(email);
    expect(await ensureOwner(email, "another long password", { resetPassword: false })).toBe("unchanged");
    expect(await staffFromHeaders(cookie, true)).toMatchObject({ role: "owner" });

    expect(await ensureOwner(email, "another long password", { resetPassword: true })).toBe("reset");
    expect(await staffFromHeaders(cookie, true)).toBeNull();
    expect((await signIn(email, "another long password", address(), new Headers())).ok).toBe(true);
    expect(await ensureOwner(email, "another long password", { resetPassword: true })).toBe("unchanged");
  });
});
