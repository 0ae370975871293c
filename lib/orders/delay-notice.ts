import OrderDelayed, { delayedSubject, delayedText } from "../../emails/order-delayed";
import { config } from "../config";
import { logger } from "../logger";
import { ensureJob, JOB_ATTEMPTS, QueueName } from "../queue";
import { renderEmail } from "../render-email";
import { formatOrderNumber } from "./format";
import { overdueIn, owesDelayNotice } from "./owed-work";
import { sendOrderEmail } from "./send-order-email";
import { applyMove, finishDelayNotice, loadOrder, noteAttempt, type EventInput, type OrderVersion } from "./store";

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

  await sendOrderEmail(
    { order, kind: "DELAYED", mail: await renderDelayNotice(order), idempotencyKey: `order-delayed/${order.id}` },
    {
      failed(reason) {
        const failed = { type: "EMAIL_FAILED" as const, message: `Delay notice failed: ${reason}` };
        if (!lastAttempt) return noteAttempt(order.id, failed, overdueIn.after(config().SYNC_BACKOFF_MAX_MS));
        return finishDelayNotice(order.id, null, { ...failed, message: `${failed.message}. Gave up after ${JOB_ATTEMPTS[QueueName.email]} attempts.` });
      },
      sent(record, { via, id, durationMs }) {
        return finishDelayNotice(order.id, "SENT", { type: "DELAY_NOTICE_SENT", message: `Told ${order.email} the order is taking longer (${via} ${id})`, durationMs }, record);
      },
    },
  );
  return "sent";
}
