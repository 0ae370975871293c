import OrderDelayed, { delayedSubject, delayedText } from "../../emails/order-delayed";
import { config } from "../config";
import { logger } from "../logger";
import { sendMail, type SentMail } from "../mailer";
import { emails } from "../metrics";
import { ensureJob, JOB_ATTEMPTS, QueueName } from "../queue";
import { renderEmail } from "../render-email";
import { formatOrderNumber } from "./format";
import { overdueIn, owesDelayNotice } from "./owed-work";
import { applyMove, finishDelayNotice, loadOrder, noteAttempt, recordSentEmail, type EventInput, type OrderVersion } from "./store";

/** Renders the "taking longer" email for an order, as HTML and plain text. */
export async function renderDelayNotice(order: { number: number; name: string; publicToken: string }) {
  const orderNumber = formatOrderNumber(order.number);
  const email = await renderEmail(OrderDelayed, delayedText, {
    orderNumber,
    customerName: order.name,
    statusUrl: new URL(`/orders/${order.publicToken}`, config().APP_URL).toString(),
  });
  return { subject: delayedSubject(orderNumber), ...email };
}

/**
 * The order stops for a person over its sync (stopSync), with its events, and owes the shopper the
 * "taking longer" email in the same statement unless they had it before; its job is queued (should
 * Redis fail us, the sweeper queues it). Null if another run or person moved the order first.
 */
export async function stopSyncForPerson(order: OrderVersion, reason: "ERP_REJECTED" | "IDEMPOTENCY_CONFLICT" | "SYNC_DEADLINE" | "REVIVAL_LIMIT", events: EventInput[], detail: string) {
  const moved = await applyMove(order, "stopSync", events, { dueInMs: overdueIn.queued(), attentionReason: reason, lastError: detail.slice(0, 1000), owesDelayNotice: true });
  if (moved) {
    await ensureJob(QueueName.email, { orderId: order.id, kind: "delayed" }).catch((error: unknown) =>
      logger.warn({ orderId: order.id, err: error }, "could not queue the delay notice; the sweeper will"),
    );
  }
  return moved;
}

/**
 * Sends the "taking longer" email an order owes, once: the mail API dedupes the idempotency key, the
 * record dedupes on it, and only the run that finds the notice owed marks it sent. What is owed is
 * read from the order's row, so a job for a notice no longer owed (the order moved on) does nothing.
 */
export async function sendDelayNotice(orderId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<"sent" | "nothing-owed"> {
  const order = await loadOrder(orderId);
  if (!order || !owesDelayNotice(order)) return "nothing-owed";

  const mail = await renderDelayNotice(order);
  const idempotencyKey = `order-delayed/${order.id}`;
  const started = performance.now();
  let sent: SentMail;
  try {
    sent = await sendMail({ to: order.email, ...mail, idempotencyKey });
  } catch (error) {
    emails.inc({ outcome: "failed" });
    const failed = { type: "EMAIL_FAILED" as const, message: `Delay notice failed: ${(error as Error).message.slice(0, 1000)}` };
    if (lastAttempt) await finishDelayNotice(order.id, null, { ...failed, message: `${failed.message}. Gave up after ${JOB_ATTEMPTS[QueueName.email]} attempts.` });
    else await noteAttempt(order.id, failed, overdueIn.after(config().SYNC_BACKOFF_MAX_MS));
    throw error;
  }
  emails.inc({ outcome: "sent" });
  await recordSentEmail({ orderId: order.id, kind: "DELAYED", recipient: order.email, subject: mail.subject, idempotencyKey, via: sent.via, providerId: sent.id });
  await finishDelayNotice(order.id, "SENT", {
    type: "DELAY_NOTICE_SENT",
    message: `Told ${order.email} the order is taking longer (${sent.via} ${sent.id})`,
    durationMs: Math.round(performance.now() - started),
  });
  return "sent";
}
