import OrderConfirmation, { confirmationSubject, confirmationText } from "../../emails/order-confirmation";
import { config } from "../config";
import { renderEmail } from "../render-email";
import { JOB_ATTEMPTS, QueueName, type EmailJob } from "../queue";
import { describeItems, formatMoney, formatOrderNumber, shippingLines } from "./format";
import { overdueIn } from "./owed-work";
import { sendOrderEmail } from "./send-order-email";
import { applyMove, finishResend, loadOrder, noteAttempt, type LoadedOrder, type Recipient } from "./store";

/** What the confirmation shows of an order. */
export interface ConfirmationSource extends Omit<Recipient, "email"> {
  number: number;
  publicToken: string;
  totalCents: number;
  currency: string;
  items: readonly { productName: string; quantity: number; unitPriceCents: number }[];
}

/** Renders the confirmation email for an order, as HTML and plain text. */
export async function renderConfirmation(order: ConfirmationSource) {
  const orderNumber = formatOrderNumber(order.number);
  const email = await renderEmail(OrderConfirmation, confirmationText, {
    orderNumber,
    customerName: order.name,
    items: describeItems(order.items, order.currency),
    total: formatMoney(order.totalCents, order.currency),
    shippingAddress: shippingLines(order),
    statusUrl: new URL(`/orders/${order.publicToken}`, config().APP_URL).toString(),
  });
  return { subject: confirmationSubject(orderNumber), ...email };
}

/**
 * Sends the confirmation an order owes and records it. Runs as its own job, so a mail failure is
 * retried here and never calls the ERP again. Without `requestId` it is the confirmation a synced
 * order owes (then CONFIRMED); with it, a resend a merchant asked for, once per request. What is
 * owed is read from the order's row: a job for work no longer owed does nothing.
 */
export async function sendConfirmation({ orderId, requestId }: EmailJob, { lastAttempt }: { lastAttempt: boolean }): Promise<"sent" | "nothing-owed"> {
  const order = await loadOrder(orderId);
  const owed = requestId ? order?.resendRequestId === requestId : order?.status === "SYNCED";
  if (!order || !owed) return "nothing-owed";

  const mail = await renderConfirmation(order);
  const idempotencyKey = requestId ? `order-confirmation/${order.id}/${requestId}` : owedConfirmationKey(order);
  await sendOrderEmail(
    { order, kind: "CONFIRMATION", mail, idempotencyKey },
    {
      failed: (reason) => recordFailedSend(order, requestId, reason, lastAttempt),
      sent(sentEmail, { via, id, durationMs }) {
        const event = { type: "EMAIL_SENT" as const, message: `Confirmation ${requestId ? "re-sent" : "sent"} to ${order.email} (${via} ${id})`, durationMs };
        if (!requestId) return applyMove(order, "confirm", event, { dueInMs: null, emailed: true, lastError: null, sentEmail });
        return finishResend(order.id, requestId, event, sentEmail);
      },
    },
  );
  return "sent";
}

/**
 * The key of the confirmation a synced order owes: the same for every run of its job, and a new one
 * after each confirmation that bounced, or the mail API would answer the merchant's retry with the
 * bounced email instead of sending another.
 */
function owedConfirmationKey({ id, bouncedConfirmations }: LoadedOrder): string {
  return bouncedConfirmations === 0 ? `order-confirmation/${id}` : `order-confirmation/${id}/after-bounce-${bouncedConfirmations}`;
}

async function recordFailedSend(order: LoadedOrder, requestId: string | undefined, reason: string, lastAttempt: boolean) {
  const failed = { type: "EMAIL_FAILED" as const, message: `${requestId ? "Resend" : "Confirmation"} failed: ${reason}` };
  if (!lastAttempt) return noteAttempt(order.id, failed, overdueIn.after(config().SYNC_BACKOFF_MAX_MS));
  const gaveUp = { ...failed, message: `${failed.message}. Gave up after ${JOB_ATTEMPTS[QueueName.email]} attempts.` };
  if (requestId) return finishResend(order.id, requestId, gaveUp);
  return applyMove(order, "stopEmail", gaveUp, { dueInMs: null, attentionReason: "EMAIL_FAILED", lastError: reason });
}
