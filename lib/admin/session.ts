import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getIronSession } from "iron-session";
import { cookies } from "next/headers";
import { redirect, unauthorized } from "next/navigation";
import { config, webConfig } from "../config";

/**
 * The merchant's session: a sealed (encrypted and signed), httpOnly, SameSite=Strict cookie that
 * expires after a working day. Every admin page, route handler and server action checks it on the
 * server through the functions below.
 */
export interface Admin {
  name: string;
}

interface SessionData {
  admin?: Admin;
}

const SESSION_SECONDS = 8 * 60 * 60;

async function session() {
  const jar = await cookies(); // first, so pages reading the session are always rendered per request
  const { SESSION_SECRET } = webConfig();
  const { APP_URL } = config();
  return getIronSession<SessionData>(jar, {
    password: SESSION_SECRET,
    cookieName: "dispatch_admin",
    ttl: SESSION_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: "strict", secure: APP_URL.startsWith("https:"), path: "/" },
  });
}

export async function currentAdmin(): Promise<Admin | null> {
  return (await session()).admin ?? null;
}

/** For pages: the admin, or off to the login page. */
export async function requireAdminPage(): Promise<Admin> {
  const admin = await currentAdmin();
  if (!admin) redirect("/admin/login");
  return admin;
}

/** For server actions: the admin, or a 401 answer. */
export async function requireAdmin(): Promise<Admin> {
  const admin = await currentAdmin();
  if (!admin) unauthorized();
  return admin;
}

/** For route handlers: the admin, or the 401 response to return. */
export async function adminOrUnauthorized(): Promise<Admin | Response> {
  return (await currentAdmin()) ?? Response.json({ error: "Log in to the admin first" }, { status: 401 });
}

export function passwordMatches(attempt: string): boolean {
  const expected = webConfig().ADMIN_PASSWORD;
  if (!expected) return false;
  // Compare digests so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(attempt), digest(expected));
}

export async function startSession(admin: Admin): Promise<void> {
  const current = await session();
  current.admin = admin;
  await current.save();
}

export async function endSession(): Promise<void> {
  (await session()).destroy();
}
