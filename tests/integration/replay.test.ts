import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionGroups } from "@/lib/admin/attention";
import { dryRun, replayProgress, startReplay } from "@/lib/admin/replay";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { closeQueues } from "@/lib/queue";
import { erpSimulator } from "../support/erp";
import { letterTag, orderRow } from "../support/orders";
import type { Process } from "../support/process";
import { startWorkerProcess } from "../support/worker-process";

const erp = erpSimulator(config().ERP_URL);
const tag = letterTag();
const DAY = 86_400_000;

/** Orders as the worker leaves them after the ERP refused them: FAILED, waiting in one group. */
async function refusedOrders(count: number, placedAt: (index: number) => Date, problem: string) {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const order = await orderRow({
      email: `replay-${index}@example.com`,
      name: `Replay ${tag}`,
      status: "FAILED",
      attentionReason: "ERP_REJECTED",
      lastError: `ERP answered 422: ${problem} ${index} ${tag}`,
      syncDeadlineAt: new Date(Date.now() + DAY),
      createdAt: placedAt(index),
    });
    ids.push(order.id);
  }
  return ids;
}

const groupOf = async (problem: string) => (await attentionGroups()).find((group) => group.problem === `ERP answered 422: ${problem} … ${tag}`)!.key;

let worker: Process;
beforeAll(async () => {
  await erp.asUsual();
  worker = await startWorkerProcess({ ERP_RATE_LIMIT_PER_SECOND: "10" });
});
afterAll(async () => {
  await worker.stop("SIGTERM");
  await closeQueues();
});

describe("replay by filter", () => {
  it("counts first, then replays a 100-order group as one operation, paced by the ERP rate limit, each order once", async () => {
    const ids = await refusedOrders(100, () => new Date(), "held for review");
    const group = await groupOf("held for review");
    expect(await dryRun({ group })).toEqual({ count: 100, stale: 0 });
    expect(await prisma.orderEvent.count({ where: { orderId: { in: ids }, type: "RETRY_REQUESTED" } })).toBe(0); // a dry run sends nothing

    const started = Date.now();
    const replay = await startReplay({ group }, "Held orders, released", "Marta", { confirmStale: false });
    expect(replay).toMatchObject({ ok: true, message: "“Held orders, released”: 100 orders on their way" });

    await expect.poll(async () => (await replayProgress(replay.operationId!))?.done, { timeout: 60_000, interval: 250 }).toBe(100);
    // 10 calls a second: the last of ten one-second windows opens 9 s after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    expect(await replayProgress(replay.operationId!)).toMatchObject({ name: "Held orders, released", createdBy: "Marta", total: 100, done: 100, failed: 0, left: 0 });

    // All 100 confirmed once: one ERP record and one confirmation email each.
    expect(await prisma.order.count({ where: { id: { in: ids }, status: "CONFIRMED" } })).toBe(100);
    const records = (await erp.records()).filter((record) => ids.includes(record.order.orderId as string));
    expect(records).toHaveLength(100);
    expect(new Set(records.map((record) => record.order.orderId)).size).toBe(100);
    const emails = await prisma.orderEmail.findMany({ where: { orderId: { in: ids } }, select: { orderId: true, kind: true } });
    expect(emails).toHaveLength(100);
    expect(new Set(emails.map((email) => email.orderId)).size).toBe(100);
    const requests = await prisma.orderEvent.findMany({ where: { orderId: { in: ids }, type: "RETRY_REQUESTED" } });
    expect(requests).toHaveLength(100);
    for (const request of requests) expect(request).toMatchObject({ actor: "Marta", message: "Sync retry requested (replay “Held orders, released”)" });
  }, 120_000);

  it("needs a yes for orders older than REPLAY_STALE_AFTER_MS, and takes a window", async () => {
    const ids = await refusedOrders(3, (index) => new Date(Date.now() - (index === 0 ? 10 * DAY : DAY)), "parked");
    const group = await groupOf("parked");
    expect(await dryRun({ group })).toEqual({ count: 3, stale: 1 });

    const refused = await startReplay({ group }, "Parked", "Marta", { confirmStale: false });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("1 of these orders were placed more than 7 days ago") });
    expect(await prisma.order.count({ where: { id: { in: ids }, status: "FAILED" } })).toBe(3);

    const recent = { group, placedFrom: new Date(Date.now() - 2 * DAY).toISOString() };
    expect(await dryRun(recent)).toEqual({ count: 2, stale: 0 });
    const windowed = await startReplay(recent, "Parked, recent", "Marta", { confirmStale: false });
    expect(windowed).toMatchObject({ ok: true });
    expect((await prisma.order.findUniqueOrThrow({ where: { id: ids[0] } })).status).toBe("FAILED");
    await expect.poll(async () => (await replayProgress(windowed.operationId!))?.done, { timeout: 20_000 }).toBe(2);

    expect(await startReplay({ group }, "Parked, old", "Marta", { confirmStale: true })).toMatchObject({ ok: true });
    expect(await replayProgress("not-an-id")).toBeNull();
  }, 60_000);
});
