import { randomUUID } from "node:crypto";
import { config } from "../config";
import { prisma } from "../db";
import { ensureJob, QueueName, type JobPayloads, type QueueNameValue } from "../queue";
import { formatOrderNumber } from "./format";
import { overdueIn } from "./owed-work";
import { owesSync } from "./state-machine";
import { applyMove, loadOrder, requestResend } from "./store";

/** What a merchant's action did, in words for the admin. */
export type ActionResult = { ok: true; message: string } | { ok: false; message: string };

/**
 * Gives owed work its job now; if Redis cannot be reached, the order's row still says the work is
 * owed and the sweeper queues it once Redis answers.
 */
async function queueNow<Q extends QueueNameValue>(queue: Q, data: JobPayloads[Q]): Promise<boolean> {
  return ensureJob(queue, data).then(
    () => true,
    () => false,
  );
}

/**
 * "Retry sync": a FAILED order owes the ERP call again, with a fresh deadline and revival count,
 * and its job runs again whatever state BullMQ left it in. Idempotent: a second click (or a second
 * merchant) finds it already on its way.
 */
export async function retrySync(orderId: string, actor: string): Promise<ActionResult> {
  const order = await loadOrder(orderId);
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  if (owesSync(order.status)) return { ok: true, message: `${label} is already on its way to the ERP` };
  if (order.status !== "FAILED") return { ok: false, message: `${label} has not failed; nothing to retry` };

  const moved = await applyMove(
    order,
    "retrySync",
    { type: "RETRY_REQUESTED", message: "Sync retry requested", actor },
    { dueInMs: overdueIn.queued(), attentionReason: null, restart: { syncDeadlineInMs: config().SYNC_DEADLINE_MS } },
  );
  if (!moved) return { ok: true, message: `${label} is already on its way to the ERP` };
  return (await queueNow(QueueName.erpSync, { orderId }))
    ? { ok: true, message: `${label} is queued for the ERP again` }
    : { ok: true, message: `${label} will be queued for the ERP as soon as Redis is reachable` };
}

/** "Retry all failed": Retry sync for every FAILED order. */
export async function retryAllFailed(actor: string): Promise<ActionResult> {
  const failed = await prisma.order.findMany({ where: { status: "FAILED" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const { id } of failed) await retrySync(id, actor);
  return { ok: true, message: failed.length ? `${failed.length} failed order${failed.length === 1 ? "" : "s"} queued again` : "No failed orders" };
}

/**
 * "Resend confirmation email": an order whose email failed for good gets its confirmation tried
 * again; a confirmed order is owed one more send. Idempotent while a resend is owed.
 */
export async function resendConfirmation(orderId: string, actor: string): Promise<ActionResult> {
  const order = await loadOrder(orderId);
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  const onItsWay = { ok: true as const, message: `${label}'s confirmation is already on its way` };

  if (order.status === "SYNCED") return onItsWay;
  if (order.status === "EMAIL_FAILED") {
    const moved = await applyMove(order, "retryEmail", { type: "EMAIL_RETRY_REQUESTED", message: "Confirmation email retry requested", actor }, { dueInMs: overdueIn.queued(), attentionReason: null });
    if (!moved) return onItsWay;
    await queueNow(QueueName.email, { orderId });
    return { ok: true, message: `${label}'s confirmation will be sent again` };
  }
  if (order.status !== "CONFIRMED") return { ok: false, message: `${label} is not in the ERP yet; there is nothing to confirm` };
  if (order.resendRequestId) return onItsWay;

  const requestId = randomUUID();
  const requested = await requestResend(order, requestId, { type: "EMAIL_RESEND_REQUESTED", message: "Confirmation email resend requested", actor }, overdueIn.queued());
  if (!requested) return onItsWay;
  await queueNow(QueueName.email, { orderId, requestId });
  return { ok: true, message: `${label}'s confirmation will be sent again` };
}
