import { afterEach, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { erpIsHealthy, submitOrder } from "@/lib/erp/client";
import { ErpConfigurationError, ErpIdempotencyConflictError, ErpRejectedError, ErpTransientError } from "@/lib/erp/errors";
import { erpRequestBody } from "@/lib/erp/mapping";
import type { OutageStatus } from "@/erp/simulator";
import { erpOrder as order, erpSimulator } from "../support/erp";

// The ERP adapter against the simulator over real HTTP: every answer the ERP can give, read as the
// error class the retry policy acts on (lib/erp/retry-policy.ts).
const erp = erpSimulator(config().ERP_URL);
afterEach(() => erp.asUsual());

/** What submitOrder threw: the test fails if it answered instead. */
async function refusal(body: string, key: string) {
  const error = await submitOrder(body, key).then(
    (receipt) => {
      throw new Error(`the ERP accepted it as ${receipt.reference}`);
    },
    (caught: unknown) => caught,
  );
  return error as Error & { status?: number; retryAfterMs?: number };
}

describe("submitOrder", () => {
  it("records the order once under its key and gives the same reference to a repeat", async () => {
    const placed = order();
    const body = erpRequestBody(placed);

    const first = await submitOrder(body, placed.id);
    const again = await submitOrder(body, placed.id);

    expect(first.reference).toMatch(/^ERP-\d+$/);
    expect(again.reference).toBe(first.reference);
    expect((await erp.records()).filter((record) => record.idempotencyKey === placed.id)).toHaveLength(1);
  });

  it("reads a refused order as rejected, and a key reused with another body as a conflict", async () => {
    await erp.control({ rejectPostalCodes: ["99999"] });
    const refused = order({ postalCode: "99999" });
    const rejected = await refusal(erpRequestBody(refused), refused.id);
    expect(rejected).toBeInstanceOf(ErpRejectedError);
    expect(rejected.status).toBe(422);

    const placed = order();
    await submitOrder(erpRequestBody(placed), placed.id);
    const conflict = await refusal(erpRequestBody({ ...placed, totalCents: 1 }), placed.id);
    expect(conflict).toBeInstanceOf(ErpIdempotencyConflictError);
  });

  it("reads 5xx and 429 as transient, with the Retry-After the ERP sent", async () => {
    for (const outageStatus of [503, 429, 500] as const) {
      await erp.control({ outage: true, outageStatus, retryAfterSeconds: outageStatus === 500 ? 0 : 3 });
      const placed = order();
      const error = await refusal(erpRequestBody(placed), placed.id);
      expect(error, `status ${outageStatus}`).toBeInstanceOf(ErpTransientError);
      expect(error.status).toBe(outageStatus);
      expect(error.retryAfterMs).toBe(outageStatus === 500 ? undefined : 3_000);
    }
  });

  it("reads an answer that says nothing about the order — credentials, path, a proxy — as configuration", async () => {
    for (const outageStatus of [401, 403, 404, 405, 407] satisfies OutageStatus[]) {
      await erp.control({ outage: true, outageStatus });
      const placed = order();
      const error = await refusal(erpRequestBody(placed), placed.id);
      expect(error, `status ${outageStatus}`).toBeInstanceOf(ErpConfigurationError);
      expect(error.status).toBe(outageStatus);
      expect(error.message).toContain(`ERP answered ${outageStatus}`);
    }
  });

  it("gives up on an ERP slower than the timeout, as transient", async () => {
    const timeoutMs = config().ERP_TIMEOUT_MS;
    await erp.control({ latencyMs: timeoutMs + 2_000 });
    const placed = order();
    const started = performance.now();

    const error = await refusal(erpRequestBody(placed), placed.id);

    expect(error).toBeInstanceOf(ErpTransientError);
    expect(error.message).toBe(`ERP did not answer within ${timeoutMs} ms`);
    expect(performance.now() - started).toBeLessThan(timeoutMs + 1_000);
  });
});

describe("erpIsHealthy", () => {
  it("is true while the ERP answers its health check, false during an outage", async () => {
    expect(await erpIsHealthy()).toBe(true);
    await erp.control({ outage: true });
    expect(await erpIsHealthy()).toBe(false);
  });
});
