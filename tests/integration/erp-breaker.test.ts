import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { breakerStatus, resetBreaker } from "@/lib/erp/breaker";
import { prisma } from "@/lib/db";
import { closeQueues } from "@/lib/queue";
import { startWorkers, type RunningWorkers } from "@/worker/workers";
import { erpSimulator } from "../support/erp";
import { placedOrder, waitForStatus } from "../support/orders";

const erp = erpSimulator(config().ERP_URL);
let workers: RunningWorkers;

beforeAll(async () => {
  await resetBreaker(); // start closed, whatever earlier files left
  workers = startWorkers();
});
afterEach(() => erp.control({ outage: false, failureRate: 0 }));
afterAll(async () => {
  await workers.close();
  await closeQueues();
});

describe("the ERP circuit breaker, with the worker", () => {
  it("opens on a down ERP, then only health probes reach it, and no order fails while it waits", async () => {
    await erp.control({ outage: true });
    const before = await erp.stats();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await placedOrder()).id);

    await expect.poll(async () => (await breakerStatus()).state, { timeout: 10_000 }).not.toBe("closed");
    const atOpening = (await erp.stats()).requests;
    expect(atOpening - before.requests).toBeGreaterThanOrEqual(config().ERP_BREAKER_MIN_CALLS);

    // Several cooldowns pass: the probes go to /health, so no order's call reaches the ERP. Calls
    // admitted just before it opened may still land after it did; none once it has probed.
    const probesBefore = (await erp.stats()).healthChecks;
    await expect.poll(async () => (await erp.stats()).healthChecks, { timeout: 10_000 }).toBeGreaterThanOrEqual(probesBefore + 1);
    const atFirstProbe = (await erp.stats()).requests;
    await expect.poll(async () => (await erp.stats()).healthChecks, { timeout: 15_000 }).toBeGreaterThanOrEqual(probesBefore + 4);
    expect((await erp.stats()).requests).toBe(atFirstProbe);
    const waiting = await prisma.order.findMany({ where: { id: { in: ids } }, select: { status: true } });
    expect(waiting.map((order) => order.status).filter((status) => status === "FAILED")).toEqual([]);

    await erp.control({ outage: false });
    for (const id of ids) expect((await waitForStatus(id, ["CONFIRMED", "FAILED"], 20_000)).status).toBe("CONFIRMED");
    expect((await breakerStatus()).state).toBe("closed");
    expect((await erp.stats()).duplicatesRefused - before.duplicatesRefused).toBe(0);
  });
});
