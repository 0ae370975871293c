import { createElement } from "react";
import { plainTextSelectors } from "@react-email/render";
import { compile } from "html-to-text";
import OrderConfirmation from "../../emails/order-confirmation";
import { config } from "../config";
import { prisma } from "../db";
import { sendMail } from "../mailer";
import { emails } from "../metrics";
import type { EmailJob } from "../queue";
import { shippingCountries } from "./checkout";
import { describeItems, formatMoney, formatOrderNumber } from "./format";
import { loadFulfilmentOrder, type FulfilmentOrder } from "./fulfilment-order";
import { moveOrder, recordEvents } from "./transition";

// react-email's render() goes through web streams (1.3–1.8 ms an email here) and its toPlainText()
// compiles its selectors on every call (0.9–1.3 ms): together about a quarter of the worker's CPU per order.
// The template never suspends, so React's static renderer gives the same markup (0.15–0.2 ms), and
// react-email's own text selectors compiled once give the same text (0.3 ms). docs/benchmarks.
// react-dom/server is imported when used, as react-email does: Next.js refuses a static import of it
// in a module that server components import (the admin's email preview).
const XHTML_DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

/** Renders the confirmation email for an order, as HTML and plain text. */
export async function renderConfirmation(order: FulfilmentOrder) {
  const orderNumber = formatOrderNumber(order.number);
  const email = createElement(OrderConfirmation, {
    orderNumber,
    customerName: order.name,
    items: describeItems(order.items, order.currency),
    total: formatMoney(order.totalCents, order.currency),
    shippingAddress: [
      order.name,
      order.addressLine1,
      order.addressLine2,
      `${order.postalCode} ${order.city}`,
      shippingCountries[order.country as keyof typeof shippingCountries] ?? order.country,
    ].filter((line): line is string => Boolean(line)),
    statusUrl: new URL(`/orders/${order.publicToken}`, config().APP_URL).toString(),
  });
  const { renderToStaticMarkup } = await import("react-dom/server");
  const html = XHTML_DOCTYPE + renderToStaticMarkup(email);
  return { subject: `Order ${orderNumber} is confirmed`, html, text: toPlainText(html) };
}

/**
 * Sends the confirmation of a synced order and marks it CONFIRMED. Runs as its own job, so a mail
 * failure is retried here and never calls the ERP again. With `requestId` it is a resend that a
 * merchant asked for: sent even to a CONFIRMED order, once per request.
 */
export async function sendConfirmation({ orderId, requestId }: EmailJob): Promise<"sent" | "already-sent"> {
  const order = await loadFulfilmentOrder(orderId);
  if (order.status === "CONFIRMED" && !requestId) return "already-sent";

  const started = performance.now();
  try {
    const mail = await renderConfirmation(order);
    const idempotencyKey = requestId ? `order-confirmation/${order.id}/${requestId}` : `order-confirmation/${order.id}`;
    const sent = await sendMail({ to: order.email, ...mail, idempotencyKey });
    const event = {
      type: "EMAIL_SENT" as const,
      message: `Confirmation ${requestId ? "re-sent" : "sent"} to ${order.email} (${sent.via} ${sent.id})`,
      durationMs: Math.round(performance.now() - started),
    };
    emails.inc({ outcome: "sent" });
    if (order.status === "CONFIRMED") await recordEvents(prisma, orderId, event);
    else await moveOrder(orderId, "CONFIRMED", event, { emailedAt: new Date() });
    return "sent";
  } catch (error) {
    emails.inc({ outcome: "failed" });
    await recordEvents(prisma, orderId, { type: "EMAIL_FAILED", message: (error as Error).message.slice(0, 1000) });
    throw error;
  }
}
