import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { checkoutFor, waitForStatus } from "../support/orders";
import { startWorkerProcess } from "../support/worker-process";

// Checkout in this file sees a Redis that does not answer; the worker process later sees the real one.
const realRedis = process.env.REDIS_URL!;
process.env.REDIS_URL = "redis://127.0.0.1:1";
const { placeOrder } = await import("@/lib/orders/place-order");
const { closeQueues } = await import("@/lib/queue");

afterAll(async () => {
  await closeQueues();
});

describe("checkout while Redis is unreachable", () => {
  const placed: string[] = [];
  const durations: number[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const result = await placeOrder(await checkoutFor());
      expect(result.status).toBe("created");
      durations.push(performance.now() - started);
      placed.push((result as { order: { id: string } }).order.id);
    }
  });

  it("answers without waiting for Redis", () => {
    // Not a speed target (the benchmark has those): a checkout that waited on Redis would take
    // BullMQ's forever, so a bound far above the enqueue timeout tells the two apart on a busy machine.
    expect(Math.max(...durations)).toBeLessThan(5_000);
    console.info(`checkout with Redis down: ${durations.map((ms) => Math.round(ms)).join(", ")} ms`);
  });

  it("still accepts the orders and keeps them RECEIVED, unqueued", async () => {
    const orders = await prisma.order.findMany({ where: { id: { in: placed } }, include: { events: true } });
    expect(orders.map((order) => order.status)).toEqual(Array(5).fill("RECEIVED"));
    for (const order of orders) expect(order.events.map((event) => event.type)).toEqual(["RECEIVED"]);
  });

  it("has the worker pick them up once Redis answers, and the worker stops cleanly on SIGTERM", async () => {
    // A short interval finds the stranded orders at once; the grace after each step stays long enough
    // that a busy machine's next job (the email after SYNCED) is not itself taken for lost.
    const worker = await startWorkerProcess({ REDIS_URL: realRedis, SWEEP_AFTER_MS: "3000", SWEEP_INTERVAL_MS: "200" });
    try {
      for (const id of placed) {
        const order = await waitForStatus(id, ["CONFIRMED"], 30_000);
        expect(order.events.map((event) => event.type)).toEqual(["RECEIVED", "QUEUED", "SYNC_STARTED", "SYNCED", "EMAIL_SENT"]);
        expect(order.events[1]!.message).toBe("Queued again for the ERP (its job was lost)");
      }
    } finally {
      expect((await worker.stop("SIGTERM")).code, worker.output).toBe(0);
    }
  });
});
