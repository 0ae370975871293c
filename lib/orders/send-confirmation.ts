import { createElement } from "react";
import { plainTextSelectors } from "@react-email/render";
import { compile } from "html-to-text";
import OrderConfirmation from "../../emails/order-confirmation";
import { config } from "../config";
import { sendMail, type SentMail } from "../mailer";
import { emails } from "../metrics";
import { JOB_ATTEMPTS, QueueName, type EmailJob } from "../queue";
import { describeItems, formatMoney, formatOrderNumber, shippingLines } from "./format";
import { overdueIn } from "./owed-work";
import { applyMove, finishResend, loadOrder, noteAttempt, recordSentEmail, type LoadedOrder, type Recipient } from "./store";

// react-email's render() goes through web streams (1.3–1.8 ms an email here) and its toPlainText()
// compiles its selectors on every call (0.9–1.3 ms): together about a quarter of the worker's CPU per order.
// The template never suspends, so React's static renderer gives the same markup (0.15–0.2 ms), and
// react-email's own text selectors compiled once give the same text (0.3 ms). docs/benchmarks.
// react-dom/server is imported when used, as react-email does: Next.js refuses a static import of it
// in a module that server components import (the admin's email preview).
const XHTML_DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

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
  const email = createElement(OrderConfirmation, {
    orderNumber,
    customerName: order.name,
    items: describeItems(order.items, order.currency),
    total: formatMoney(order.totalCents, order.currency),
    shippingAddress: shippingLines(order),
    statusUrl: new URL(`/orders/${order.publicToken}`, config().APP_URL).toString(),
  });
  const { renderToStaticMarkup } = await import("react-dom/server");
  const html = XHTML_DOCTYPE + renderToStaticMarkup(email);
  return { subject: `Order ${orderNumber} is confirmed`, html, text: toPlainText(html) };
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
  const idempotencyKey = requestId ? `order-confirmation/${order.id}/${requestId}` : `order-confirmation/${order.id}`;
  const started = performance.now();
  let sent: SentMail;
  try {
    sent = await sendMail({ to: order.email, ...mail, idempotencyKey });
  } catch (error) {
    emails.inc({ outcome: "failed" });
    await recordFailedSend(order, requestId, (error as Error).message.slice(0, 1000), lastAttempt);
    throw error;
  }
  emails.inc({ outcome: "sent" });
  // The mail is out. A failure to record it from here on is retried like any, and the mail API
  // answers the repeated idempotency key with this same email instead of a second one.
  await recordSentEmail({ orderId: order.id, kind: "CONFIRMATION", recipient: order.email, subject: mail.subject, idempotencyKey, via: sent.via, providerId: sent.id });
  const event = {
    type: "EMAIL_SENT" as const,
    message: `Confirmation ${requestId ? "re-sent" : "sent"} to ${order.email} (${sent.via} ${sent.id})`,
    durationMs: Math.round(performance.now() - started),
  };
  if (requestId) await finishResend(order.id, requestId, event);
  else await applyMove(order, "confirm", event, { dueInMs: null, emailed: true, lastError: null });
  return "sent";
}

async function recordFailedSend(order: LoadedOrder, requestId: string | undefined, reason: string, lastAttempt: boolean) {
  const failed = { type: "EMAIL_FAILED" as const, message: `${requestId ? "Resend" : "Confirmation"} failed: ${reason}` };
  if (!lastAttempt) return noteAttempt(order.id, failed, overdueIn.after(config().SYNC_BACKOFF_MAX_MS));
  const gaveUp = { ...failed, message: `${failed.message}. Gave up after ${JOB_ATTEMPTS[QueueName.email]} attempts.` };
  if (requestId) return finishResend(order.id, requestId, gaveUp);
  return applyMove(order, "stopEmail", gaveUp, { dueInMs: null, attentionReason: "EMAIL_FAILED", lastError: reason });
}
