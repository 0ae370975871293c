import { describe, expect, it } from "vitest";
import { retryAfterMs } from "@/lib/erp/client";
import { ErpConfigurationError, ErpIdempotencyConflictError, ErpRejectedError, ErpTransientError } from "@/lib/erp/errors";
import { erpRequestBody, type OrderForErp } from "@/lib/erp/mapping";
import { afterFailedAttempt, backoffMs, countsAsErpFailure } from "@/lib/erp/retry-policy";

const backoff = { baseMs: 2_000, maxMs: 60_000 };
const plenty = { attempt: 3, msToDeadline: 3_600_000, backoff };

describe("retry backoff", () => {
  it("doubles from the base and stops at the cap", () => {
    const longest = (attempt: number) => backoffMs(attempt, backoff, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7, 12].map(longest)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it("spreads retries over the last 30% below the ceiling", () => {
    expect(backoffMs(3, backoff, () => 1)).toBe(5_600);
    expect(backoffMs(3, backoff, () => 0.5)).toBe(6_800);
  });
});

describe("after a failed ERP attempt", () => {
  it("retries what may pass next time, and alarms a person when every order would get the same answer", () => {
    expect(afterFailedAttempt(new ErpTransientError("ERP answered 503", 503), plenty)).toMatchObject({ retry: true, alarm: false });
    expect(afterFailedAttempt(new ErpConfigurationError("ERP answered 401", 401), plenty)).toMatchObject({ retry: true, alarm: true });
  });

  it("stops a rejected order and an idempotency conflict for a person, with the reason", () => {
    expect(afterFailedAttempt(new ErpRejectedError("ERP answered 422", 422), plenty)).toEqual({ retry: false, reason: "ERP_REJECTED" });
    expect(afterFailedAttempt(new ErpIdempotencyConflictError("ERP answered 422", 422), plenty)).toEqual({ retry: false, reason: "IDEMPOTENCY_CONFLICT" });
  });

  it("waits at least as long as the ERP's Retry-After", () => {
    const decision = afterFailedAttempt(new ErpTransientError("ERP answered 429", 429, 120_000), plenty);
    expect(decision).toMatchObject({ retry: true, delayMs: 120_000 });
  });

  it("stops at the deadline instead of retrying past it", () => {
    expect(afterFailedAttempt(new ErpTransientError("timeout"), { ...plenty, msToDeadline: 1_000 })).toEqual({ retry: false, reason: "SYNC_DEADLINE" });
    expect(afterFailedAttempt(new ErpConfigurationError("ERP answered 401", 401), { ...plenty, msToDeadline: 1_000 })).toEqual({ retry: false, reason: "SYNC_DEADLINE" });
  });

  it("counts only an unreachable, failing or misconfigured ERP against its health", () => {
    expect(countsAsErpFailure(new ErpTransientError("x"))).toBe(true);
    expect(countsAsErpFailure(new ErpConfigurationError("x", 403))).toBe(true);
    expect(countsAsErpFailure(new ErpRejectedError("x", 422))).toBe(false);
    expect(countsAsErpFailure(new ErpIdempotencyConflictError("x", 422))).toBe(false);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates, and ignores what it cannot read", () => {
    const now = Date.parse("2026-12-02T12:00:00Z");
    expect(retryAfterMs("30", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 02 Dec 2026 12:01:00 GMT", now)).toBe(60_000);
    expect(retryAfterMs("Wed, 02 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("999999", now)).toBe(3_600_000);
  });
});

describe("the ERP request body", () => {
  const order: OrderForErp = {
    id: "5f0c6f7e-0d3e-4c53-9d3b-1d2b6f0e6a11",
    number: 42,
    email: "ada@example.com",
    name: "Ada Lovelace",
    addressLine1: "1 Analytical Way",
    addressLine2: null,
    city: "Berlin",
    postalCode: "10115",
    country: "DE",
    totalCents: 4_700,
    currency: "EUR",
    items: [
      { sku: "CER-SM-01", erpSku: null, productName: "Mug", quantity: 1, unitPriceCents: 1_800 },
      { sku: "BRW-PO-01", erpSku: null, productName: "Dripper", quantity: 1, unitPriceCents: 2_900 },
    ],
  };

  it("is the same bytes whatever order the lines come in, with stable SKUs", () => {
    const reversed = { ...order, items: [...order.items].reverse() };
    expect(erpRequestBody(reversed)).toBe(erpRequestBody(order));
    const body = JSON.parse(erpRequestBody(order));
    expect(body.items.map((item: { sku: string }) => item.sku)).toEqual(["BRW-PO-01", "CER-SM-01"]);
    expect(body).toMatchObject({ orderId: order.id, number: "DSP-000042", shippingAddress: { postalCode: "10115" } });
  });

  it("sends a product the merchant mapped under the ERP's SKU, sorted by the SKU sent", () => {
    const mapped = { ...order, items: order.items.map((item) => (item.sku === "BRW-PO-01" ? { ...item, erpSku: "ZZ-DRIP" } : item)) };
    expect(JSON.parse(erpRequestBody(mapped)).items.map((item: { sku: string }) => item.sku)).toEqual(["CER-SM-01", "ZZ-DRIP"]);
  });
});
