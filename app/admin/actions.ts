"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireStaff } from "@/lib/staff/session";
import { dryRun, replayFilterSchema, startReplay, type DryRun } from "@/lib/admin/replay";
import { PRINTABLE } from "@/lib/orders/checkout";
import { correctOrder, mapProductSku, noteOrder, resendConfirmation, resolveByHand, retryAllFailed, retrySync, takeOrder, type ActionResult } from "@/lib/orders/merchant-actions";
import { actorName } from "@/lib/staff/roles";

/** Every merchant action below: an operator or owner only, and done in that person's name. */
async function asAdmin(action: (actor: string) => Promise<ActionResult>): Promise<ActionResult> {
  return action(actorName(await requireStaff("operator")));
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
  await requireStaff("operator");
  const parsed = replayFilterSchema.safeParse(filter);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  return { ok: true, ...(await dryRun(parsed.data)) };
}

export async function startReplayAction(filter: unknown, name: unknown, confirmStale: unknown): Promise<ActionResult> {
  const staff = await requireStaff("operator");
  const parsedFilter = replayFilterSchema.safeParse(filter);
  if (!parsedFilter.success) return { ok: false, message: parsedFilter.error.issues[0]!.message };
  const parsedName = replayNameSchema.safeParse(name);
  if (!parsedName.success) return { ok: false, message: parsedName.error.issues[0]!.message };
  const result = await startReplay(parsedFilter.data, parsedName.data, actorName(staff), { confirmStale: confirmStale === true });
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
