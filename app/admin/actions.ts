"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clearFailedLogins, loginRetryAfter, recordFailedLogin } from "@/lib/admin/login-limiter";
import { endSession, passwordMatches, requireAdmin, startSession } from "@/lib/admin/session";
import { webConfig } from "@/lib/config";
import { clientAddress } from "@/lib/rate-limit";
import { dryRun, replayFilterSchema, startReplay, type DryRun } from "@/lib/admin/replay";
import { PRINTABLE } from "@/lib/orders/checkout";
import { correctOrder, mapProductSku, noteOrder, resendConfirmation, resolveByHand, retryAllFailed, retrySync, takeOrder, type ActionResult } from "@/lib/orders/merchant-actions";

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

const replayNameSchema = z.string().trim().min(1, "Name the replay, so each order's timeline can say what it was part of").max(100, "Keep the name under 100 characters").regex(PRINTABLE, "The name has invisible characters");

/** What a replay with this filter would send on; nothing is sent. */
export async function replayDryRunAction(filter: unknown): Promise<(DryRun & { ok: true }) | { ok: false; message: string }> {
  await requireAdmin();
  const parsed = replayFilterSchema.safeParse(filter);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  return { ok: true, ...(await dryRun(parsed.data)) };
}

export async function startReplayAction(filter: unknown, name: unknown, confirmStale: unknown): Promise<ActionResult> {
  const admin = await requireAdmin();
  const parsedFilter = replayFilterSchema.safeParse(filter);
  if (!parsedFilter.success) return { ok: false, message: parsedFilter.error.issues[0]!.message };
  const parsedName = replayNameSchema.safeParse(name);
  if (!parsedName.success) return { ok: false, message: parsedName.error.issues[0]!.message };
  const result = await startReplay(parsedFilter.data, parsedName.data, admin.name, { confirmStale: confirmStale === true });
  if (result.operationId) redirect(`/admin/replays/${result.operationId}`);
  return result;
}

export async function retryAllFailedAction(): Promise<ActionResult> {
  return asAdmin((actor) => retryAllFailed(actor));
}

/** Maps a product the ERP refused as unknown to the ERP's own SKU. */
export async function mapProductSkuAction(productId: string, erpSku: string): Promise<ActionResult> {
  return asAdmin((actor) => mapProductSku(productId, erpSku, actor));
}
