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
