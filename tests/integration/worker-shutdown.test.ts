import { afterAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { closeQueues } from "@/lib/queue";
import { erpSimulator } from "../support/erp";
import { placedOrder, waitForStatus } from "../support/orders";
import { startWorkerProcess } from "../support/worker-process";

const erp = erpSimulator(config().ERP_URL);

afterAll(async () => {
  await erp.control({ latencyMs: 0 });
  await closeQueues();
});

describe("worker shutdown", () => {
  it("finishes the ERP call in flight on SIGTERM, then exits 0", async () => {
    await erp.control({ latencyMs: 1_500 });
    const worker = await startWorkerProcess({});
    const placed = await placedOrder();

    await waitForStatus(placed.id, ["SYNCING"]);
    const { code } = await worker.stop("SIGTERM");

    expect(code, worker.output).toBe(0);
    const order = await waitForStatus(placed.id, ["SYNCED", "CONFIRMED"], 0);
    expect(order.erpReference).toMatch(/^ERP-/);
  });
});

describe("a worker killed mid-job", () => {
  it("leaves no order stuck: another worker takes the stalled job, and the ERP records the order once", async () => {
    await erp.control({ latencyMs: 1_500 });
    const doomed = await startWorkerProcess({});
    const placed = await placedOrder();
    await waitForStatus(placed.id, ["SYNCING"]);

    expect((await doomed.stop("SIGKILL")).code).toBeNull(); // killed, not exited
    const rescuer = await startWorkerProcess({});
    try {
      const order = await waitForStatus(placed.id, ["CONFIRMED"], 20_000);
      // The killed worker's call still reached the ERP; the rescuer's retry was answered from it.
      // (The rescuer may also do other files' leftover work: only this order's records count.)
      expect((await erp.records()).filter((record) => record.idempotencyKey === placed.id)).toHaveLength(1);
      expect(order.erpReference).toMatch(/^ERP-/);
      expect(order.syncAttempts).toBe(2);
    } finally {
      expect((await rescuer.stop("SIGTERM")).code).toBe(0);
    }
  });
});
