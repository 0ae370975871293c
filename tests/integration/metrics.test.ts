import { afterAll, describe, expect, it } from "vitest";
import { exposition } from "@/lib/metrics-collection";
import { placeOrder } from "@/lib/orders/place-order";
import { closeQueues } from "@/lib/queue";
import { placedOrder, waitForStatus } from "../support/orders";
import { sumSeries as sample } from "../support/prometheus";
import { startWorkerProcess } from "../support/worker-process";

afterAll(() => closeQueues());

describe("GET /api/metrics' exposition", () => {
  it("counts checkouts in the web, ERP calls, jobs and emails in the worker, and the shop's orders and queues", async () => {
    const before = await exposition();
    const placed = await placedOrder();
    await placeOrder({ items: [] });

    const worker = await startWorkerProcess({});
    await waitForStatus(placed.id, ["CONFIRMED"]);
    expect((await worker.stop("SIGTERM")).code).toBe(0); // its last snapshot is published as it stops
    const text = await exposition();

    const web = { process: "web" };
    const created = (from: string) => sample(from, "dispatch_checkout_duration_seconds_count", { ...web, outcome: "created" }) ?? 0;
    expect(created(text) - created(before)).toBe(1);
    expect(sample(text, "dispatch_checkout_duration_seconds_count", { ...web, outcome: "invalid" })).toBeGreaterThanOrEqual(1);

    const worker_ = { process: "worker" };
    expect(sample(text, "dispatch_erp_call_duration_seconds_count", { ...worker_, outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "dispatch_job_duration_seconds_count", { ...worker_, queue: "erp-sync", outcome: "completed" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "dispatch_job_duration_seconds_count", { ...worker_, queue: "order-email", outcome: "completed" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "dispatch_emails_total", { ...worker_, outcome: "sent" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "dispatch_process_resident_memory_bytes", worker_)).toBeGreaterThan(0);

    expect(sample(text, "dispatch_orders", { status: "CONFIRMED" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "dispatch_queue_jobs", { queue: "erp-sync", state: "waiting" })).toBeTypeOf("number");
    expect(sample(text, "dispatch_queue_lag_seconds", { queue: "erp-sync" })).toBeTypeOf("number");
  });
});
