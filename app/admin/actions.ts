"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clearFailedLogins, loginRetryAfter, recordFailedLogin } from "@/lib/admin/login-limiter";
import { endSession, passwordMatches, requireAdmin, startSession } from "@/lib/admin/session";
import { webConfig } from "@/lib/config";
import { clientAddress } from "@/lib/rate-limit";
import { correctOrder, noteOrder, resendConfirmation, resolveByHand, retryAllFailed, retrySync, takeOrder, type ActionResult } from "@/lib/orders/merchant-actions";

export interface LoginState {
  error?: string;
}

const loginSchema = z.object({
  name: z.string().trim().min(1, "Enter your name, so the order log says who did what").max(80),
  password: z.string().min(1, "Enter the admin password").max(200),
});

export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  if (!webConfig().ADMIN_PASSWORD) return { error: "Admin login is disabled: set ADMIN_PASSWORD for this shop." };
  const address = clientAddress(await headers());
  const wait = await loginRetryAfter(address);
  if (wait > 0) return { error: `Too many wrong passwords. Try again in ${wait} seconds.` };

  const parsed = loginSchema.safeParse({ name: form.get("name"), password: form.get("password") });
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  if (!passwordMatches(parsed.data.password)) {
    const locked = await recordFailedLogin(address);
    return { error: locked ? `Too many wrong passwords. Try again in ${locked} seconds.` : "That password is not right." };
  }
  await clearFailedLogins(address);
  await startSession({ name: parsed.data.name });
  redirect("/admin");
}

export async function logout(): Promise<void> {
  await endSession();
  redirect("/admin/login");
}

/** Every merchant action below: check the session, then do it in the admin's name. */
async function asAdmin(action: (actor: string) => Promise<ActionResult>): Promise<ActionResult> {
  const admin = await requireAdmin();
  return action(admin.name);
}

export async function retrySyncAction(orderId: string): Promise<ActionResult> {
  return asAdmin((actor) => retrySync(String(orderId), actor));
}

export async function resendConfirmationAction(orderId: string): Promise<ActionResult> {
  return asAdmin((actor) => resendConfirmation(String(orderId), actor));
}

/** The correction form of an order the ERP refused. */
export async function correctOrderAction(orderId: string, form: FormData): Promise<ActionResult> {
  return asAdmin((actor) => correctOrder(String(orderId), form instanceof FormData ? Object.fromEntries(form) : null, actor));
}

export async function takeOrderAction(orderId: string): Promise<ActionResult> {
  return asAdmin((actor) => takeOrder(String(orderId), actor));
}

export async function noteOrderAction(orderId: string, note: string): Promise<ActionResult> {
  return asAdmin((actor) => noteOrder(String(orderId), note, actor));
}

export async function resolveByHandAction(orderId: string, form: FormData): Promise<ActionResult> {
  return asAdmin((actor) => resolveByHand(String(orderId), form instanceof FormData ? Object.fromEntries(form) : null, actor));
}

export async function retryAllFailedAction(): Promise<ActionResult> {
  return asAdmin((actor) => retryAllFailed(actor));
}
