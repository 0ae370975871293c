import { afterAll, afterEach, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { pool, prisma } from "@/lib/db";
import { sendDelayNotice } from "@/lib/orders/delay-notice";
import { retrySync } from "@/lib/orders/merchant-actions";
import { sendConfirmation } from "@/lib/orders/send-confirmation";
import { sweepOwedWork } from "@/lib/orders/sweep";
import { syncOrder } from "@/lib/orders/sync";
import { closeQueues, getQueue, jobIdFor, QueueName } from "@/lib/queue";
import { erpSimulator } from "../support/erp";
import { fakeResend } from "../support/fake-resend";
import { placedOrder } from "../support/orders";

// No worker here: each test runs the steps a worker would, so two runs can race on purpose. The
// worker's own path (a real worker, a refusal, the email, the confirmation after a retry) is in alerts.test.ts.
const erp = erpSimulator(config().ERP_URL);
const resend = fakeResend(config().RESEND_BASE_URL);

afterEach(() => erp.control({ rejectPostalCodes: [] }));
afterAll(() => closeQueues());

const delayJob = (orderId: string) => getQueue(QueueName.email).getJob(jobIdFor(QueueName.email, { orderId, kind: "delayed" }));
const delayEmails = async (orderId: string) => (await resend.emails()).filter((email) => email.idempotencyKey === `order-delayed/${orderId}`);
const row = (orderId: string) => prisma.order.findUniqueOrThrow({ where: { id: orderId }, include: { events: { orderBy: { sequence: "asc" } }, emails: true } });

/** An order the ERP refused, as the sync job leaves it: FAILED, owing the shopper the delay notice. */
async function refusedOrder() {
  await erp.control({ rejectPostalCodes: ["99999"] });
  const { id } = await placedOrder({ postalCode: "99999" });
  expect(await syncOrder(id)).toEqual({ outcome: "stopped" });
  return id;
}

describe("the shopper's delay notice", () => {
  it("is owed, in the same statement, by the order that stops for a person, and queued", async () => {
    const id = await refusedOrder();
    const order = await row(id);
    expect(order).toMatchObject({ status: "FAILED", attentionReason: "ERP_REJECTED", delayNotice: "OWED", revivals: 0 });
    expect(order.workDueAt).not.toBeNull();
    expect(await (await delayJob(id))?.getState()).toBe("waiting");
  });

  it("is sent once, however many runs of its job race, and recorded as it went out", async () => {
    const id = await refusedOrder();

    const outcomes = await Promise.all([sendDelayNotice(id, { lastAttempt: false }), sendDelayNotice(id, { lastAttempt: false })]);
    expect(outcomes).toContain("sent");
    expect(await sendDelayNotice(id, { lastAttempt: false })).toBe("nothing-owed");

    const emails = await delayEmails(id);
    expect(emails).toHaveLength(1);
    const order = await row(id);
    expect(order).toMatchObject({ delayNotice: "SENT", workDueAt: null });
    expect(order.emails).toEqual([expect.objectContaining({ kind: "DELAYED", recipient: "ada@example.com", subject: emails[0]!.subject, via: "resend", providerId: emails[0]!.id })]);
    expect(order.events.filter((event) => event.type === "DELAY_NOTICE_SENT")).toHaveLength(1);
  });

  it("goes once per order: stopping again after a merchant's retry owes nothing more", async () => {
    const id = await refusedOrder();
    await sendDelayNotice(id, { lastAttempt: false });

    expect(await retrySync(id, "Marta")).toMatchObject({ ok: true });
    expect(await syncOrder(id)).toEqual({ outcome: "stopped" });

    expect(await row(id)).toMatchObject({ status: "FAILED", delayNotice: "SENT", workDueAt: null });
    expect(await sendDelayNotice(id, { lastAttempt: false })).toBe("nothing-owed");
    expect(await delayEmails(id)).toHaveLength(1);
  });

  it("whose job was lost is queued again by the sweeper, which the database tells what is owed", async () => {
    const id = await refusedOrder();
    await (await delayJob(id))!.remove();
    await pool.query(`UPDATE "Order" SET "workDueAt" = now() - interval '1 second' WHERE id = $1::uuid`, [id]);

    await sweepOwedWork();

    const order = await row(id);
    expect(order.revivals).toBe(1);
    expect(order.events.at(-1)).toMatchObject({ type: "QUEUED", message: "Queued again for the delay notice (its job was lost)" });
    expect(await (await delayJob(id))?.getState()).toBe("waiting");
    expect(await sendDelayNotice(id, { lastAttempt: false })).toBe("sent");
  });

  it("is owed by an order whose jobs kept dying, counting its own revivals from zero", async () => {
    const { id } = await placedOrder();
    await pool.query(`UPDATE "Order" SET revivals = $2, "workDueAt" = now() - interval '1 second' WHERE id = $1::uuid`, [id, config().SWEEP_MAX_REVIVALS]);
    await (await getQueue(QueueName.erpSync).getJob(id))?.remove();

    await sweepOwedWork();

    expect(await row(id)).toMatchObject({ status: "FAILED", attentionReason: "REVIVAL_LIMIT", delayNotice: "OWED", revivals: 0 });
    expect(await (await delayJob(id))?.getState()).toBe("waiting");
  });

  it("gives up after its last attempt: the timeline says so and the order owes nothing", async () => {
    const id = await refusedOrder();
    await resend.failNext(500);

    await expect(sendDelayNotice(id, { lastAttempt: true })).rejects.toThrow(/Injected failure 500/);

    const order = await row(id);
    expect(order).toMatchObject({ status: "FAILED", delayNotice: null, workDueAt: null });
    expect(order.events.at(-1)).toMatchObject({ type: "EMAIL_FAILED", message: expect.stringMatching(/^Delay notice failed: .*Injected failure 500.*Gave up after 10 attempts\.$/) });
    expect(order.emails).toEqual([]);
  });

  it("is not owed when the confirmation email is what failed: we could not email the shopper anyway", async () => {
    const { id } = await placedOrder();
    expect(await syncOrder(id)).toEqual({ outcome: "synced" });
    await resend.failNext(500);

    await expect(sendConfirmation({ orderId: id }, { lastAttempt: true })).rejects.toThrow();

    expect(await row(id)).toMatchObject({ status: "EMAIL_FAILED", delayNotice: null, workDueAt: null });
    expect(await sendDelayNotice(id, { lastAttempt: false })).toBe("nothing-owed");
    expect(await delayEmails(id)).toEqual([]);
  });
});
