import type { EmailDelivery, EmailKind } from "../generated/prisma/enums";
import { shippingCountries } from "./checkout";

/** The short number a shopper quotes on the phone: DSP-001042. */
export function formatOrderNumber(number: number): string {
  return `DSP-${String(number).padStart(6, "0")}`;
}

// Building a NumberFormat costs far more than formatting with one: one per currency.
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) moneyFormats.set(currency, (format = new Intl.NumberFormat("en-IE", { style: "currency", currency })));
  return format.format(cents / 100);
}

/** An order's lines as shown to the shopper (status page, email): name, quantity, line total. */
export function describeItems(
  items: readonly { productName: string; quantity: number; unitPriceCents: number }[],
  currency: string,
): { name: string; quantity: number; lineTotal: string }[] {
  return items.map((item) => ({
    name: item.productName,
    quantity: item.quantity,
    lineTotal: formatMoney(item.unitPriceCents * item.quantity, currency),
  }));
}

/** Where an order goes, as a label is written: name, street lines, postcode and city, the country's name. */
export function shippingLines(order: {
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  postalCode: string;
  city: string;
  country: string;
}): string[] {
  const country = shippingCountries[order.country as keyof typeof shippingCountries] ?? order.country;
  return [order.name, order.addressLine1, order.addressLine2, `${order.postalCode} ${order.city}`, country].filter((line): line is string => Boolean(line));
}

/** Each kind of email an order sends, in words for the admin. */
export const emailKindLabels: Record<EmailKind, string> = { CONFIRMATION: "Confirmation", DELAYED: "Delay notice" };

/** What the mail API reported about an email, in words for the admin and the order's timeline. */
export const deliveryLabels: Record<EmailDelivery, string> = {
  DELIVERED: "delivered",
  DELIVERY_DELAYED: "delivery delayed (the receiving server is retrying)",
  BOUNCED: "bounced",
  COMPLAINED: "marked as spam by the recipient",
};

/** The same for the shopper: a complaint was a delivery, and what we do about a bounce is their page's notice. */
export const shopperDeliveryLabels: Record<EmailDelivery | "SENT", string> = {
  SENT: "Sent",
  DELIVERED: "Delivered",
  COMPLAINED: "Delivered",
  DELIVERY_DELAYED: "Delivery delayed; still trying",
  BOUNCED: "Could not be delivered",
};
