/**
 * The ERP's HTTP API as Dispatch uses it: what it receives and what it answers. Only the adapter in
 * this folder speaks it; the rest of the shop sees orders and the error classes in errors.ts.
 */

/** POST /orders, with the order's id as Idempotency-Key. */
export interface ErpOrderRequest {
  orderId: string;
  number: string;
  email: string;
  name: string;
  shippingAddress: { line1: string; line2: string | null; city: string; postalCode: string; country: string };
  /** Sorted by SKU: the same order always makes the same body. */
  items: { sku: string; name: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  currency: string;
}

/** 200/201: the order is recorded (again, for a replayed key). */
export interface ErpReceipt {
  reference: string;
}

/** Any 4xx/5xx: words for people, and a code for the adapter. */
export interface ErpErrorBody {
  error?: string;
  code?: string;
}

/** The code with which the ERP refuses a key it already holds with another body. */
export const IDEMPOTENCY_CONFLICT_CODE = "idempotency_conflict";
