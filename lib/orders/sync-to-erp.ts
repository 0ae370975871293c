import { admitErpCall, recordErpFailure, recordErpSuccess } from "../erp-breaker";
import { ErpRejectedError, submitOrderToErp, type ErpOrder } from "../erp-client";
import { enqueue, QueueName } from "../queue";
import { formatOrderNumber } from "./format";
import { loadFulfilmentOrder, type FulfilmentOrder } from "./fulfilment-order";
import { isSynced } from "./status";
import { moveOrder } from "./transition";

export interface SyncAttempt {
  orderId: string;
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

/** What the caller (the queue) should do after an attempt. */
export type SyncOutcome =
  | { outcome: "synced" | "already-done" }
  | { outcome: "retry" | "failed"; error: Error }
  /** The circuit breaker is open: no call was made and no attempt used; ask again later. */
  | { outcome: "deferred"; retryAfterMs: number };

/**
 * One attempt to record an order in the ERP. Safe to run more than once for the same order (a
 * stalled job, a duplicate delivery): the ERP dedupes on the Idempotency-Key, and an order that is
 * already synced only gets its email job queued again.
 */
export async function syncOrderToErp({ orderId, attempt, maxAttempts }: SyncAttempt): Promise<SyncOutcome> {
  const order = await loadFulfilmentOrder(orderId);
  if (isSynced(order.status)) {
    if (order.status === "SYNCED") await enqueue(QueueName.email, { orderId });
    return { outcome: "already-done" };
  }
  if (order.status === "FAILED") return { outcome: "already-done" };
  const retryAfterMs = await admitErpCall();
  if (retryAfterMs > 0) return { outcome: "deferred", retryAfterMs };

  await moveOrder(
    orderId,
    "SYNCING",
    { type: "SYNC_STARTED", message: `Sending to the ERP (attempt ${attempt} of ${maxAttempts})` },
    { countAttempt: true },
  );

  const started = performance.now();
  let reference: string;
  try {
    ({ reference } = await submitOrderToErp(toErpOrder(order)));
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    // A refused order proves the ERP is up; only unreachable or failing calls trip the breaker.
    if (error instanceof ErpRejectedError) await recordErpSuccess();
    else await recordErpFailure();
    const durationMs = Math.round(performance.now() - started);
    const final = error instanceof ErpRejectedError || attempt >= maxAttempts;
    const failed = { type: "SYNC_FAILED" as const, message: error.message, durationMs };
    await moveOrder(
      orderId,
      final ? "FAILED" : "SYNC_RETRYING",
      final ? [failed, { type: "FAILED", message: `Gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}` }] : failed,
      { lastError: error.message.slice(0, 1000) },
    );
    return { outcome: final ? "failed" : "retry", error };
  }

  // Outside the try: a database error from here on is not the ERP's failure. The job is retried,
  // and the ERP answers the retry with the same reference.
  await recordErpSuccess();
  await moveOrder(
    orderId,
    "SYNCED",
    { type: "SYNCED", message: `Recorded in the ERP as ${reference}`, durationMs: Math.round(performance.now() - started) },
    { erpReference: reference, syncedAt: new Date(), lastError: null },
  );
  await enqueue(QueueName.email, { orderId });
  return { outcome: "synced" };
}

function toErpOrder(order: FulfilmentOrder): ErpOrder {
  return {
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
    items: order.items.map((item) => ({
      sku: item.productId,
      name: item.productName,
      quantity: item.quantity,
      unitPriceCents: item.unitPriceCents,
    })),
    totalCents: order.totalCents,
    currency: order.currency,
  };
}
