import { formatOrderNumber } from "../orders/format";
import type { Recipient } from "../orders/store";
import type { ErpOrderRequest } from "./wire";

/** What the mapping needs of an order: its row and its lines as the checkout priced them. */
export interface OrderForErp extends Recipient {
  id: string;
  number: number;
  totalCents: number;
  currency: string;
  /** `sku` as the order was placed; `erpSku` the product's mapping to the ERP's own SKU, if a merchant made one. */
  items: readonly { sku: string; erpSku: string | null; productName: string; quantity: number; unitPriceCents: number }[];
}

/**
 * The body of the order's POST to the ERP, as the exact bytes to send. Deterministic (fixed key
 * order, lines sorted by SKU), and frozen at the first attempt (lib/orders/sync.ts), so a retry
 * under the same idempotency key never looks like a different order to the ERP.
 */
export function erpRequestBody(order: OrderForErp): string {
  const request: ErpOrderRequest = {
    orderId: order.id,
    number: formatOrderNumber(order.number),
    email: order.email,
    name: order.name,
    shippingAddress: {
      line1: order.addressLine1,
      line2: order.addressLine2,
      city: order.city,
      postalCode: order.postalCode,
      country: order.country,
    },
    items: order.items
      .map(({ sku, erpSku, productName, quantity, unitPriceCents }) => ({ sku: erpSku ?? sku, name: productName, quantity, unitPriceCents }))
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
    totalCents: order.totalCents,
    currency: order.currency,
  };
  return JSON.stringify(request);
}
