"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clientAddress } from "@/lib/rate-limit";
import { auth, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/staff/auth";
import { changePassword, requestReset, setPasswordWithLink, signIn } from "@/lib/staff/login";
import { safeNextPath } from "@/lib/staff/next-path";
import { requireStaff } from "@/lib/staff/session";

/** Logging in and out, and setting a password: the ways into the admin, each throttled in lib/staff/login.ts. */
export interface FormState {
  error?: string;
  message?: string;
}

const email = z.email("Enter your email address").max(254);
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`);
const firstIssue = (error: z.ZodError) => ({ error: error.issues[0]!.message });

const loginSchema = z.object({ email, password: z.string().min(1, "Enter your password").max(MAX_PASSWORD_LENGTH, "That password is too long"), next: z.unknown() });

export async function logIn(_previous: FormState, form: FormData): Promise<FormState> {
  const parsed = loginSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return firstIssue(parsed.error);
  const requestHeaders = await headers();
  const outcome = await signIn(parsed.data.email, parsed.data.password, clientAddress(requestHeaders), requestHeaders);
  if (!outcome.ok) return { error: outcome.error };
  redirect(safeNextPath(parsed.data.next));
}

/** Deletes the session row: a copy of the cookie is worth nothing after this. */
export async function logOut(): Promise<void> {
  await auth.api.signOut({ headers: await headers() });
  redirect("/admin/login");
}

export async function requestResetAction(_previous: FormState, form: FormData): Promise<FormState> {
  const parsed = email.safeParse(form.get("email"));
  if (!parsed.success) return firstIssue(parsed.error);
  const outcome = await requestReset(parsed.data, clientAddress(await headers()));
  if (!outcome.ok) return { error: outcome.error };
  return { message: "If that address belongs to a member of staff, a link to set a new password is on its way. It works once, for an hour." };
}

const setPasswordSchema = z
  .object({ token: z.string().min(1).max(200), password: newPassword, confirm: z.string() })
  .refine(({ password, confirm }) => password === confirm, "The two passwords differ");

export async function setPasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const parsed = setPasswordSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return firstIssue(parsed.error);
  const outcome = await setPasswordWithLink(parsed.data.token, parsed.data.password, clientAddress(await headers()));
  if (!outcome.ok) return { error: outcome.error };
  redirect("/admin/login?password=set");
}

const changePasswordSchema = z
  .object({ current: z.string().min(1, "Enter your current password").max(MAX_PASSWORD_LENGTH), password: newPassword, confirm: z.string() })
  .refine(({ password, confirm }) => password === confirm, "The two new passwords differ");

/** Any role: a new password ends the person's other sessions. */
export async function changePasswordAction(_previous: FormState, form: FormData): Promise<FormState> {
  const staff = await requireStaff("viewer");
  const parsed = changePasswordSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return firstIssue(parsed.error);
  const requestHeaders = await headers();
  const outcome = await changePassword(staff.email, parsed.data.current, parsed.data.password, clientAddress(requestHeaders), requestHeaders);
  if (!outcome.ok) return { error: outcome.error };
  // A redirect, not a message: the new session cookie makes Next render the page afresh, form state and all.
  redirect("/admin/account?password=changed");
}
