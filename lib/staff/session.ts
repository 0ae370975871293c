import "server-only";
import { sql } from "kysely";
import { headers } from "next/headers";
import { forbidden, redirect, unauthorized } from "next/navigation";
import { cache } from "react";
import { webConfig } from "../config";
import { db } from "../db";
import { auth } from "./auth";
import { loginPath, REQUESTED_PATH_HEADER } from "./next-path";
import { hasRole, type StaffRole } from "./roles";

/** The authenticated person: every admin page, server action and route handler gets one from here. */
export interface Staff {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  sessionId: string;
}

/**
 * The session these request headers carry, if it is live: better-auth finds it in PostgreSQL
 * (deleted by logout, a password change or an owner's revocation; past its absolute lifetime), and
 * one statement both checks the idle timeout and, for a person's own page or action, records the
 * activity. Polls (`activity: false`) neither keep a session alive nor are let past its timeout.
 */
export async function staffFromHeaders(requestHeaders: Headers, activity: boolean): Promise<Staff | null> {
  const found = await auth.api.getSession({ headers: requestHeaders, query: { disableRefresh: true } });
  if (!found) return null;
  const idle = sql<Date>`now() - make_interval(mins => ${webConfig().STAFF_IDLE_MINUTES})`;
  const live = await db
    .updateTable("StaffSession")
    .set({ lastActiveAt: activity ? sql`now()` : sql.ref("lastActiveAt") })
    .where("id", "=", found.session.id)
    .where("lastActiveAt", ">", idle)
    .returning("id")
    .executeTakeFirst();
  if (!live) {
    await db.deleteFrom("StaffSession").where("id", "=", found.session.id).execute();
    return null;
  }
  const { id, name, email, role } = found.user;
  return { id, name, email, role: role as StaffRole, sessionId: found.session.id };
}

/** Once per request, however many server components ask. */
const currentStaff = cache(async (): Promise<Staff | null> => staffFromHeaders(await headers(), true));

/** For pages: the person, or off to the login page (then back here); 403 below `role`. */
export async function requireStaffPage(role: StaffRole = "viewer"): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) redirect(loginPath((await headers()).get(REQUESTED_PATH_HEADER)));
  if (!hasRole(staff.role, role)) forbidden();
  return staff;
}

/** For server actions: the person, or 401 without a session and 403 below `role`. */
export async function requireStaff(role: StaffRole): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) unauthorized();
  if (!hasRole(staff.role, role)) forbidden();
  return staff;
}

/** For the login page: whoever is already logged in, without counting it as activity. */
export async function loggedInStaff(): Promise<Staff | null> {
  return staffFromHeaders(await headers(), false);
}

/** For route handlers (polled by admin pages): the person, or the 401 or 403 response to return. */
export async function staffOrResponse(role: StaffRole = "viewer"): Promise<Staff | Response> {
  const staff = await staffFromHeaders(await headers(), false);
  if (!staff) return Response.json({ error: "Log in to the admin first" }, { status: 401 });
  if (!hasRole(staff.role, role)) return Response.json({ error: `This needs the ${role} role` }, { status: 403 });
  return staff;
}
