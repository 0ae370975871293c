import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { closeQueues, getQueue, QueueName } from "@/lib/queue";
import { startWorkers, type RunningWorkers } from "@/worker/workers";
import { erpSimulator } from "../support/erp";
import { fakeResend } from "../support/fake-resend";
import { placedOrder, waitForStatus } from "../support/orders";

const erp = erpSimulator(config().ERP_URL);
const resend = fakeResend(config().RESEND_BASE_URL);
let workers: RunningWorkers;

beforeAll(() => {
  workers = startWorkers();
});
afterEach(() => erp.control({ latencyMs: 0, failureRate: 0, outage: false }));
afterAll(async () => {
  await workers.close();
  await closeQueues();
});

const eventTypes = (order: { events: { type: string }[] }) => order.events.map((event) => event.type);
/** The ERP's records of one order (the shared simulator holds other files' orders too). */
const erpRecordsOf = async (orderId: string) => (await erp.records()).filter((record) => record.idempotencyKey === orderId).length;

describe("the worker", () => {
  it("syncs an order to the ERP once, then emails the confirmation through Resend", async () => {
    const { id, number, publicToken } = await placedOrder();

    const order = await waitForStatus(id, ["CONFIRMED"]);

    expect(order.erpReference).toMatch(/^ERP-/);
    expect(order.syncedAt).not.toBeNull();
    expect(order.emailedAt).not.toBeNull();
    expect(order.syncAttempts).toBe(1);
    expect(eventTypes(order)).toEqual(["RECEIVED", "SYNC_STARTED", "SYNCED", "EMAIL_SENT"]);
    expect(await erp.order(order.erpReference!)).toMatchObject({ idempotencyKey: id, order: { orderId: id, totalCents: order.totalCents } });

    const mails = (await resend.emails()).filter((mail) => mail.idempotencyKey === `order-confirmation/${id}`);
    expect(mails).toHaveLength(1);
    const orderNumber = `DSP-${String(number).padStart(6, "0")}`;
    expect(mails[0]).toMatchObject({ to: ["ada@example.com"], subject: `Order ${orderNumber} is confirmed` });
    expect(mails[0]!.html).toContain(`http://shop.test/orders/${publicToken}`);
    expect(mails[0]!.text).toContain("Stoneware Mug");
  });

  it("escapes what the shopper typed in the email", async () => {
    const placed = await placedOrder({ name: '<img src=x onerror="alert(1)">', city: "Köln & Bonn" });
    await waitForStatus(placed.id, ["CONFIRMED"]);

    const [mail] = (await resend.emails()).filter((sent) => sent.idempotencyKey === `order-confirmation/${placed.id}`);
    expect(mail!.html).not.toContain("<img src=x");
    expect(mail!.html).toContain("&lt;img src=x");
    expect(mail!.html).toContain("Köln &amp; Bonn");
  });

  it("retries after an ERP failure and records the order only once", async () => {
    await erp.control({ outage: true });
    const { id } = await placedOrder();
    const retrying = await waitForStatus(id, ["SYNC_RETRYING"]);
    expect(retrying.lastError).toContain("ERP answered 503");

    await erp.control({ outage: false });
    const order = await waitForStatus(id, ["CONFIRMED"]);

    expect(order.syncAttempts).toBeGreaterThanOrEqual(2);
    expect(order.lastError).toBeNull();
    expect(eventTypes(order)).toContain("SYNC_FAILED");
    expect(await erpRecordsOf(id)).toBe(1);
  });

  it("retries a failed email on its own, without calling the ERP again", async () => {
    await resend.failNext(500, 429);
    const { id } = await placedOrder();

    const order = await waitForStatus(id, ["CONFIRMED"]);

    expect(eventTypes(order).filter((type) => type === "EMAIL_FAILED")).toHaveLength(2);
    expect(eventTypes(order).filter((type) => type === "SYNC_STARTED")).toHaveLength(1);
    expect(await erpRecordsOf(id)).toBe(1);
    expect((await resend.emails()).filter((mail) => mail.idempotencyKey === `order-confirmation/${id}`)).toHaveLength(1);
  });

  it("ignores a duplicate sync job for an order that is already confirmed", async () => {
    const { id } = await placedOrder();
    await waitForStatus(id, ["CONFIRMED"]);

    // A second delivery of the same work, as after a stalled job or a sweeper race.
    const queue = getQueue(QueueName.erpSync);
    const duplicate = await queue.add(QueueName.erpSync, { orderId: id }, { jobId: `${id}-duplicate` });
    await expect.poll(() => duplicate.getState(), { timeout: 10_000 }).toBe("completed");

    expect((await queue.getJob(duplicate.id!))?.returnvalue).toBe("nothing-owed");
    expect(await erpRecordsOf(id)).toBe(1);
    expect((await prisma.order.findUniqueOrThrow({ where: { id } })).status).toBe("CONFIRMED");
  });
});
