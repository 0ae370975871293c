import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { getOverview, slaReport } from "@/lib/admin/overview";
import { queueHealth } from "@/lib/admin/queue-health";
import { recentErpCalls } from "@/lib/admin/service-status";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { closeQueues, getQueue, QueueName } from "@/lib/queue";
import { orderRow } from "../support/orders";

// No worker runs in this file, so jobs added here stay where they are put.
const redis = new Redis(config().REDIS_URL);
afterAll(async () => {
  await getQueue(QueueName.email).obliterate({ force: true });
  redis.disconnect();
  await closeQueues();
});

const order = (fields: { status: "RECEIVED" | "FAILED" | "CONFIRMED"; createdAt: Date }) => orderRow({ email: "sla@example.com", name: "SLA Test", ...fields });

describe("the admin overview", () => {
  it("reports queue counts as Redis holds them, and pausing really pauses", async () => {
    const queue = getQueue(QueueName.email);
    await queue.obliterate({ force: true });
    await queue.add(QueueName.email, { orderId: "first" }, { jobId: "overview-first" });
    await queue.add(QueueName.email, { orderId: "second" }, { jobId: "overview-second" });
    await queue.add(QueueName.email, { orderId: "later" }, { jobId: "overview-later", delay: 60_000 });

    const health = await queueHealth(QueueName.email);

    const prefix = `${config().QUEUE_PREFIX}:${QueueName.email}`;
    expect(health.counts.waiting).toBe(await redis.llen(`${prefix}:wait`));
    expect(health.counts).toMatchObject({ waiting: 2, delayed: 1, active: 0 });
    expect(health.counts.delayed).toBe(await redis.zcard(`${prefix}:delayed`));
    const first = await queue.getJob("overview-first");
    expect(health.oldestWaitingMs).toBeGreaterThanOrEqual(Date.now() - first!.timestamp - 50);

    await queue.pause();
    expect((await queueHealth(QueueName.email)).isPaused).toBe(true);
    await queue.resume();
    expect((await queueHealth(QueueName.email)).isPaused).toBe(false);
  });

  it("flags orders past the SLA and failed ones, not fresh ones", async () => {
    // Older than every order other tests leave behind, so the list of the oldest ten holds both.
    const late = await order({ status: "RECEIVED", createdAt: new Date(Date.now() - 365 * 86_400_000) });
    const failed = await order({ status: "FAILED", createdAt: new Date(Date.now() - 365 * 86_400_000 + 60_000) });
    const fresh = await order({ status: "RECEIVED", createdAt: new Date() });

    const sla = await slaReport();

    const flagged = sla.orders.map((flaggedOrder) => flaggedOrder.id);
    expect(flagged).toContain(late.id);
    expect(flagged).toContain(failed.id);
    expect(flagged).not.toContain(fresh.id);
    expect(sla.late).toBe(await prisma.order.count({ where: { status: { in: ["RECEIVED", "SYNCING", "SYNC_RETRYING"] }, createdAt: { lt: new Date(Date.now() - sla.minutes * 60_000) } } }));
    expect(sla.failed).toBe(await prisma.order.count({ where: { status: "FAILED" } }));
    await prisma.order.deleteMany({ where: { id: { in: [late.id, fresh.id, failed.id] } } });
  });

  it("computes ERP call figures from the timeline's last 15 minutes", async () => {
    const { id } = await order({ status: "CONFIRMED", createdAt: new Date() });
    const before = await recentErpCalls();
    await prisma.orderEvent.createMany({
      data: [
        { orderId: id, type: "SYNC_FAILED", message: "ERP answered 503", durationMs: 10 },
        { orderId: id, type: "SYNCED", message: "Recorded", durationMs: 8_000 },
        { orderId: id, type: "SYNCED", message: "Old", durationMs: 1, createdAt: new Date(Date.now() - 20 * 60_000) },
      ],
    });

    const after = await recentErpCalls();

    expect(after.calls - before.calls).toBe(2);
    expect(after.failed - before.failed).toBe(1);
    expect(after.p95Ms).toBeGreaterThan(0);
  });

  it("says what Redis's eviction policy is, and shows the simulator's settings", async () => {
    const policy = ((await redis.config("GET", "maxmemory-policy")) as string[])[1];

    const overview = await getOverview();

    const redisService = overview.services.find((service) => service.name === "Redis")!;
    expect(redisService.summary).toContain(policy);
    expect(redisService.state).toBe(policy === "noeviction" ? "ok" : "down");
    expect(overview.services.find((service) => service.name === "Workers")).toMatchObject({ state: "down" });
    expect(overview.erpSimulator?.settings).toMatchObject({ outage: false });
    expect(overview.history).toHaveLength(60);
  });
});
