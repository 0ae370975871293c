import { prisma } from "../db";
import { ensureJob, QueueName } from "../queue";
import { formatOrderNumber } from "./format";
import { moveOrder } from "./transition";

/** What a merchant's action did, in words for the admin. */
export type ActionResult = { ok: true; message: string } | { ok: false; message: string };

/**
 * "Retry sync": a FAILED order goes back to the queue with a fresh set of attempts. Idempotent: an
 * order already back in the queue is left as it is.
 */
export async function retrySync(orderId: string, actor: string): Promise<ActionResult> {
  const order = await prisma.order.findUnique({ where: { id: orderId }, select: { status: true, number: true } });
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  if (order.status === "SYNC_RETRYING" || order.status === "SYNCING") return { ok: true, message: `${label} is already being retried` };
  if (order.status !== "FAILED") return { ok: false, message: `${label} has not failed; nothing to retry` };

  await moveOrder(orderId, "SYNC_RETRYING", { type: "RETRY_REQUESTED", message: "Sync retry requested", actor });
  try {
    await ensureJob(QueueName.erpSync, { orderId }, { retryFailed: true });
    return { ok: true, message: `${label} is queued for the ERP again` };
  } catch {
    // The order is SYNC_RETRYING: the sweeper gives it its job once Redis is back.
    return { ok: true, message: `${label} will be queued for the ERP as soon as Redis is reachable` };
  }
}

/** "Retry all failed": Retry sync for every FAILED order. */
export async function retryAllFailed(actor: string): Promise<ActionResult> {
  const failed = await prisma.order.findMany({ where: { status: "FAILED" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const { id } of failed) await retrySync(id, actor);
  return { ok: true, message: failed.length ? `${failed.length} failed order${failed.length === 1 ? "" : "s"} queued again` : "No failed orders" };
}

/**
 * "Resend confirmation email": a confirmed order gets the email again; a synced order whose email
 * failed gets its email job retried. Idempotent while a resend is still on its way.
 */
export async function resendConfirmation(orderId: string, actor: string): Promise<ActionResult> {
  const order = await prisma.order.findUnique({
    where: { id: orderId },
    select: { status: true, number: true, events: { where: { type: { in: ["EMAIL_SENT", "EMAIL_RESEND_REQUESTED"] } }, orderBy: { createdAt: "desc" }, take: 1 } },
  });
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  if (order.status !== "CONFIRMED" && order.status !== "SYNCED") return { ok: false, message: `${label} is not in the ERP yet; there is nothing to confirm` };
  if (order.events[0]?.type === "EMAIL_RESEND_REQUESTED") return { ok: true, message: `A resend of ${label}'s confirmation is already on its way` };

  const request = await prisma.orderEvent.create({
    data: { orderId, type: "EMAIL_RESEND_REQUESTED", message: "Confirmation email resend requested", actor },
  });
  // A synced order's own email job failed: run it again. A confirmed order gets a new send.
  const job = order.status === "SYNCED" ? { orderId } : { orderId, requestId: request.id };
  try {
    await ensureJob(QueueName.email, job, { retryFailed: true });
  } catch {
    await prisma.orderEvent.delete({ where: { id: request.id } }); // nothing is on its way after all
    return { ok: false, message: "The queue is unreachable right now; try again in a moment" };
  }
  return { ok: true, message: `${label}'s confirmation will be sent again` };
}
