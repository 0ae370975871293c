import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { breakerStatus, recordErpSuccess } from "@/lib/erp-breaker";
import { closeQueues } from "@/lib/queue";
import { startWorkers, type RunningWorkers } from "@/worker/workers";
import { erpSimulator } from "../support/erp";
import { placedOrder, waitForStatus } from "../support/orders";

const erp = erpSimulator(config().ERP_URL);
let workers: RunningWorkers;

beforeAll(async () => {
  await recordErpSuccess(); // start closed, whatever earlier files left
  workers = startWorkers();
});
afterEach(() => erp.control({ outage: false, failureRate: 0 }));
afterAll(async () => {
  await workers.close();
  await closeQueues();
});

describe("the ERP circuit breaker", () => {
  it("opens after repeated failures, stops calling the down ERP, and lets orders through after recovery", async () => {
    await erp.control({ outage: true });
    const before = await erp.stats();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      ids.push((await placedOrder()).id);
    }

    await expect.poll(async () => (await breakerStatus()).state, { timeout: 10_000 }).not.toBe("closed");
    const atOpening = (await erp.stats()).requests;
    const opened = Date.now();
    expect(atOpening - before.requests).toBeGreaterThanOrEqual(config().ERP_BREAKER_THRESHOLD);

    // While open, the ERP sees one probe per cooldown, not every waiting order's attempts.
    await expect.poll(async () => (await erp.stats()).requests, { timeout: 10_000 }).toBeGreaterThanOrEqual(atOpening + 2);
    const probes = (await erp.stats()).requests - atOpening;
    const cooldowns = Math.ceil((Date.now() - opened) / config().ERP_BREAKER_COOLDOWN_MS);
    expect(probes).toBeLessThanOrEqual(cooldowns + 1);
    console.info(`breaker opened after ${atOpening - before.requests} calls; then ${probes} probes in ${Date.now() - opened} ms`);

    await erp.control({ outage: false });
    for (const id of ids) {
      const order = await waitForStatus(id, ["CONFIRMED", "FAILED"], 20_000);
      // An order either got through, or used up its attempts as a probe while the ERP was down.
      if (order.status === "FAILED") expect(order.syncAttempts).toBe(config().SYNC_ATTEMPTS);
    }
    expect((await breakerStatus()).state).toBe("closed");
    const after = await erp.stats();
    expect(after.duplicatesRefused - before.duplicatesRefused).toBe(0);
  });
});
