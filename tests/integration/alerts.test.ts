import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { npmScript, Process } from "../support/process";
import { deleteQueueKeys } from "../support/queue-keys";
import { startWebhookReceiver } from "../support/webhook-receiver";

// The channels and timings of this file, set before anything reads the configuration.
const receiver = await startWebhookReceiver();
const merchant = "merchant@shop.test";
Object.assign(process.env, {
  ALERT_EMAIL: merchant,
  ALERT_WEBHOOK_URL: receiver.url,
  ALERT_GROUP_SECONDS: "0",
  ALERT_REMIND_MINUTES: "0.05", // 3 s
  ALERT_EMAIL_FAILURES_PER_HOUR: "5",
  SYNC_SLA_MINUTES: "5",
});

const { config } = await import("@/lib/config");
const { pool, prisma } = await import("@/lib/db");
const { conditions, measured } = await import("@/lib/alerts/conditions");
const { evaluateAlerts } = await import("@/lib/alerts/evaluate");
const { dueNotices, openAlert, listAlerts, raiseAlert } = await import("@/lib/alerts/store");
const { recordErpCall, recordProbe, resetBreaker } = await import("@/lib/erp/breaker");
const { closeQueues, getQueue, QueueName } = await import("@/lib/queue");
const { startWorkers } = await import("@/worker/workers");
const { erpSimulator } = await import("../support/erp");
const { fakeResend } = await import("../support/fake-resend");
const { placedOrder, waitForStatus } = await import("../support/orders");

const erp = erpSimulator(config().ERP_URL);
const resend = fakeResend(config().RESEND_BASE_URL);

/** The alert emails the fake Resend took for one alert, oldest first. */
const alertEmails = async (alertId: string) =>
  (await resend.emails()).filter((email) => email.to.includes(merchant) && email.idempotencyKey?.includes(alertId));

/** What the fake Resend took for one order's shopper (delay notice, confirmation), oldest first. */
const shopperEmails = async (orderId: string) => (await resend.emails()).filter((email) => email.idempotencyKey?.includes(orderId));

/** Waits until no notice is waiting, running or waiting out a retry: every delivery has happened. */
async function noticesSettled() {
  await expect
    .poll(async () => Object.values(await getQueue(QueueName.alertNotice).getJobCounts("waiting", "active", "delayed", "prioritized")).reduce((sum, n) => sum + n, 0), {
      timeout: 15_000,
    })
    .toBe(0);
}

const alertFor = async (condition: string) => {
  const alert = await openAlert(condition as never);
  if (!alert) throw new Error(`no open ${condition} alert`);
  return alert;
};

let workers: ReturnType<typeof startWorkers>;
beforeAll(() => {
  // Workers sync orders and deliver notices; the tests run the evaluator themselves.
  workers = startWorkers({ fleetTasks: false });
});
afterAll(async () => {
  await workers.close();
  await closeQueues();
  await receiver.close();
});
beforeEach(async () => {
  // Each test starts with no order waiting and no alert: the conditions count the whole shop.
  await pool.query(`DELETE FROM "Order"`);
  await pool.query(`DELETE FROM "Alert"`);
  await resetBreaker();
  await erp.asUsual();
});
afterEach(async () => {
  // The simulator and the queues are shared with the files that run after this one.
  await erp.asUsual();
  await resetBreaker();
  await noticesSettled();
});

describe("alerts", () => {
  it("an order the ERP refuses (422) is in attention with its reason, the merchant gets one email and one webhook, the shopper one delay email; corrected and retried, it is confirmed", async () => {
    await erp.control({ rejectPostalCodes: ["99999"] });
    const { id } = await placedOrder({ postalCode: "99999" });
    expect(await waitForStatus(id, ["FAILED"])).toMatchObject({ status: "FAILED", attentionReason: "ERP_REJECTED" });

    await evaluateAlerts();
    await noticesSettled();
    await evaluateAlerts(); // nothing new is due: no second notice
    await noticesSettled();

    const alert = await alertFor(conditions.ordersNeedAttention);
    expect(alert).toMatchObject({ count: 1, detail: expect.stringMatching(/^1 × Refused by the ERP: ERP answered 422: postal code … is not valid/) });
    const emails = await alertEmails(alert.id);
    expect(emails.map((email) => email.subject)).toEqual(["[Dispatch] Alert: 1 order needs attention"]);
    expect(emails[0]!.text).toContain("1 × Refused by the ERP: ERP answered 422");
    expect(emails[0]!.html).toContain("http://shop.test/admin/attention");
    const deliveries = receiver.deliveries(alert.id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.body).toMatchObject({
      condition: "orders-need-attention",
      state: "opened",
      count: 1,
      link: "http://shop.test/admin/attention",
      text: expect.stringContaining("Alert: 1 order needs attention"),
      since: alert.openedAt.toISOString(),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    // The shopper is told once that it takes longer, with the status link, and nothing else yet.
    await expect.poll(() => shopperEmails(id), { timeout: 10_000 }).toHaveLength(1);
    const [delayed] = await shopperEmails(id);
    expect(delayed).toMatchObject({ to: ["ada@example.com"], subject: expect.stringMatching(/^Order DSP-\d{6} is taking longer than usual$/) });
    expect(delayed!.text).toContain("Nothing is needed from you");
    const { publicToken } = await prisma.order.findUniqueOrThrow({ where: { id } });
    expect(delayed!.html).toContain(`http://shop.test/orders/${publicToken}`);
    expect(await prisma.orderEmail.findMany({ where: { orderId: id }, select: { kind: true, recipient: true } })).toEqual([{ kind: "DELAYED", recipient: "ada@example.com" }]);

    // Corrected and retried by a merchant: confirmed, and the usual confirmation follows.
    const { correctOrder, retrySync } = await import("@/lib/orders/merchant-actions");
    const order = await prisma.order.findUniqueOrThrow({ where: { id } });
    const fields = { email: order.email, name: order.name, addressLine1: order.addressLine1, addressLine2: "", city: order.city, postalCode: "10117", country: order.country };
    expect(await correctOrder(id, fields, "Marta")).toMatchObject({ ok: true });
    expect(await retrySync(id, "Marta")).toMatchObject({ ok: true });
    const confirmed = await waitForStatus(id, ["CONFIRMED"]);
    expect(confirmed.events.find((event) => event.type === "CORRECTED")).toMatchObject({ actor: "Marta", message: expect.stringContaining("Postal code: 99999 → 10117") });
    expect((await shopperEmails(id)).map((email) => email.subject)).toEqual([delayed!.subject, expect.stringMatching(/^Order DSP-\d{6} is confirmed$/)]);
    expect(confirmed.events.filter((event) => event.type === "DELAY_NOTICE_SENT")).toHaveLength(1);
  });

  it("200 orders refused within a minute make one alert with the count, not 200", async () => {
    await erp.control({ rejectPostalCodes: ["99999"] });
    const orders = await Promise.all(Array.from({ length: 200 }, () => placedOrder({ postalCode: "99999" })));
    await expect.poll(() => prisma.order.count({ where: { status: "FAILED" } }), { timeout: 30_000 }).toBe(200);

    await evaluateAlerts();
    await noticesSettled();

    const alerts = await listAlerts();
    expect(alerts).toHaveLength(1);
    // One group, as the Needs attention inbox shows them: the same refusal for every order.
    expect(alerts[0]).toMatchObject({ condition: "orders-need-attention", count: 200, detail: expect.stringMatching(/^200 × Refused by the ERP: [^;]+$/) });
    const emails = await alertEmails(alerts[0]!.id);
    expect(emails.map((email) => email.subject)).toEqual(["[Dispatch] Alert: 200 orders need attention"]);
    expect(receiver.deliveries(alerts[0]!.id).map((delivery) => delivery.body.count)).toEqual([200]);
    expect(orders).toHaveLength(200);
  }, 60_000);

  it("orders entering Needs attention while the alert is open are told at once, grouped, and the alert still recovers once", async () => {
    await erp.control({ rejectPostalCodes: ["99999", "88888"] });
    const { id: first } = await placedOrder({ postalCode: "99999" });
    await waitForStatus(first, ["FAILED"]);
    await evaluateAlerts();
    const alert = await alertFor(conditions.ordersNeedAttention);

    // Later, with the alert open, three orders fail for another reason: one notice about the three.
    const later = await Promise.all([1, 2, 3].map(() => placedOrder({ postalCode: "88888" })));
    for (const { id } of later) await waitForStatus(id, ["FAILED"]);
    // Grouped as the first notice is: no update before the first new entry has waited ALERT_GROUP_SECONDS.
    await raiseAlert(conditions.ordersNeedAttention, (await measured[conditions.ordersNeedAttention](alert.toldEntryAt))!);
    expect(await dueNotices({ groupSeconds: 3600, remindMinutes: 60 })).toEqual([]);
    expect((await dueNotices({ groupSeconds: 0, remindMinutes: 60 })).map(({ kind, update }) => ({ kind, update }))).toEqual([{ kind: "update", update: 1 }]);
    await evaluateAlerts();
    await evaluateAlerts(); // nothing newer: no second update
    await noticesSettled();

    const update = "[Dispatch] Update 1: 3 more orders need attention (4 in all)";
    expect((await alertEmails(alert.id)).map((email) => email.subject)).toEqual(["[Dispatch] Alert: 1 order needs attention", update]);
    const updated = receiver.deliveries(alert.id).at(-1)!.body;
    expect(updated).toMatchObject({ state: "update", count: 4, newCount: 3, link: "http://shop.test/admin/attention", detail: expect.stringContaining("4 × Refused by the ERP") });

    // One more, then every order is dealt with: one more update, then the recovery notice.
    const { id: last } = await placedOrder({ postalCode: "88888" });
    await waitForStatus(last, ["FAILED"]);
    await evaluateAlerts();
    await pool.query(`DELETE FROM "Order"`);
    await evaluateAlerts();
    await noticesSettled();

    expect(await listAlerts()).toHaveLength(1);
    expect((await alertEmails(alert.id)).map((email) => email.subject)).toEqual([
      "[Dispatch] Alert: 1 order needs attention",
      update,
      "[Dispatch] Update 2: 1 more order needs attention (5 in all)",
      "[Dispatch] Recovered: No order waits for a person any more",
    ]);
    expect(receiver.deliveries(alert.id).map((delivery) => delivery.body.state)).toEqual(["opened", "update", "update", "recovered"]);
  });

  it("a breaker that opens alerts once, and once it closes sends one recovery notice", async () => {
    for (let call = 0; call < config().ERP_BREAKER_MIN_CALLS; call++) await recordErpCall("failed");
    await evaluateAlerts();
    await evaluateAlerts();
    const alert = await alertFor(conditions.erpBreakerOpen);

    await recordProbe(true); // the half-open probe found the ERP healthy: closed
    await evaluateAlerts();
    await evaluateAlerts();
    await noticesSettled();

    expect(await openAlert(conditions.erpBreakerOpen)).toBeNull();
    expect((await alertEmails(alert.id)).map((email) => email.subject)).toEqual([
      "[Dispatch] Alert: The ERP circuit breaker is open: ERP calls are paused",
      "[Dispatch] Recovered: The ERP circuit breaker closed: ERP calls go again",
    ]);
    expect(receiver.deliveries(alert.id).map((delivery) => delivery.body.state)).toEqual(["opened", "recovered"]);
  });

  it("two evaluators at once send one alert, and a condition that persists gets one reminder per ALERT_REMIND_MINUTES", async () => {
    await erp.control({ rejectPostalCodes: ["99999"] });
    const { id } = await placedOrder({ postalCode: "99999" });
    await waitForStatus(id, ["FAILED"]);

    await Promise.all([evaluateAlerts(), evaluateAlerts()]);
    const alert = await alertFor(conditions.ordersNeedAttention);
    // Past ALERT_REMIND_MINUTES (3 s here), two evaluators again.
    await expect.poll(async () => (await Promise.all([evaluateAlerts(), evaluateAlerts()]), (await alertFor(conditions.ordersNeedAttention)).reminders), { timeout: 10_000, interval: 500 }).toBe(1);
    await Promise.all([evaluateAlerts(), evaluateAlerts()]); // the next reminder is 3 s away
    await noticesSettled();

    expect(await listAlerts()).toHaveLength(1);
    expect((await alertEmails(alert.id)).map((email) => email.subject)).toEqual([
      "[Dispatch] Alert: 1 order needs attention",
      "[Dispatch] Reminder 1: 1 order needs attention",
    ]);
    expect(receiver.deliveries(alert.id).map((delivery) => delivery.body.state)).toEqual(["opened", "reminder"]);
  });

  it("a webhook that answers 500 and then 200 gets the notice once, after a retry", async () => {
    receiver.failNext(500);
    for (let call = 0; call < config().ERP_BREAKER_MIN_CALLS; call++) await recordErpCall("failed");

    await evaluateAlerts();
    await noticesSettled();

    const alert = await alertFor(conditions.erpBreakerOpen);
    const deliveries = receiver.deliveries(alert.id);
    expect(deliveries.map((delivery) => delivery.status)).toEqual([500, 200]);
    expect(new Set(deliveries.map((delivery) => delivery.idempotencyKey)).size).toBe(1);
    expect(await alertEmails(alert.id)).toHaveLength(1);
  });

  it("orders not in the ERP after SYNC_SLA_MINUTES raise an alert naming the oldest, cleared once they are in", async () => {
    await erp.control({ outage: true });
    const { id } = await placedOrder();
    await waitForStatus(id, ["SYNC_RETRYING"]);
    await pool.query(`UPDATE "Order" SET "createdAt" = now() - interval '12 minutes' WHERE id = $1::uuid`, [id]);

    await evaluateAlerts();
    const alert = await alertFor(conditions.syncSlaPassed);
    expect(alert).toMatchObject({ count: 1, detail: expect.stringMatching(/^the oldest, DSP-\d{6}, was placed 12 minutes ago$/) });

    await erp.control({ outage: false });
    await waitForStatus(id, ["CONFIRMED"], 15_000);
    await evaluateAlerts();
    await noticesSettled();
    expect((await alertEmails(alert.id)).map((email) => email.subject)).toEqual([
      "[Dispatch] Alert: 1 order not in the ERP after 5 minutes",
      "[Dispatch] Recovered: Orders reach the ERP within the SLA again",
    ]);
  });

  it("confirmation sends failing past ALERT_EMAIL_FAILURES_PER_HOUR raise an alert", async () => {
    const { id } = await placedOrder();
    await waitForStatus(id, ["CONFIRMED"]);
    const failedSends = (n: number) =>
      pool.query(`INSERT INTO "OrderEvent" ("orderId", type, message) SELECT $1::uuid, 'EMAIL_FAILED', 'Confirmation failed: Injected failure 500' FROM generate_series(1, $2::int)`, [id, n]);

    await failedSends(4);
    await evaluateAlerts();
    expect(await openAlert(conditions.emailFailures)).toBeNull();

    await failedSends(1);
    await evaluateAlerts();
    expect(await alertFor(conditions.emailFailures)).toMatchObject({ count: 5 });
  });

  it("an ERP refusing our credentials (401) opens one alert with the ERP's answer, and it clears once the ERP takes orders again", async () => {
    await erp.control({ outage: true, outageStatus: 401 });
    const { id } = await placedOrder();
    await expect.poll(() => openAlert(conditions.erpConfiguration), { timeout: 10_000 }).toMatchObject({ detail: expect.stringContaining("ERP answered 401") });

    await evaluateAlerts();
    await erp.control({ outage: false });
    await waitForStatus(id, ["CONFIRMED"], 15_000);
    await expect.poll(() => openAlert(conditions.erpConfiguration)).toBeNull();
    await evaluateAlerts();
    await noticesSettled();

    const [alert] = (await listAlerts()).filter((row) => row.condition === conditions.erpConfiguration);
    expect((await alertEmails(alert!.id)).map((email) => email.subject)).toEqual([
      "[Dispatch] Alert: The ERP refuses our calls (credentials or URL): orders wait",
      "[Dispatch] Recovered: The ERP accepts our calls again",
    ]);
  });

  it("a running worker evaluates on its own and, with no mail API (as under npm start), writes the alert to the dev outbox", async () => {
    await erp.control({ rejectPostalCodes: ["99999"] });
    const { id } = await placedOrder({ postalCode: "99999" });
    await waitForStatus(id, ["FAILED"]);
    const outbox = mkdtempSync(path.join(tmpdir(), "dispatch-alert-outbox-"));
    const prefix = `${config().QUEUE_PREFIX}-outbox`;
    // Queues of its own: only its own evaluator and consumer take part.
    const worker = new Process(npmScript("worker"), {
      RESEND_API_KEY: undefined,
      ALERT_WEBHOOK_URL: undefined,
      MAIL_OUTBOX_DIR: outbox,
      QUEUE_PREFIX: prefix,
      ALERT_INTERVAL_MS: "200",
      SWEEP_INTERVAL_MS: "3600000",
    });
    await worker.start();
    onTestFinished(async () => {
      await worker.stop();
      await deleteQueueKeys(prefix);
      rmSync(outbox, { recursive: true, force: true });
    });

    // The outbox writes each email's files as they come: read them once they are whole.
    const written = () =>
      readdirSync(outbox)
        .filter((name) => name.endsWith(".json"))
        .map((name) => ({ json: readFileSync(path.join(outbox, name), "utf8"), text: readFileSync(path.join(outbox, name.replace(/\.json$/, ".txt")), "utf8") }))
        .filter(({ json, text }) => json.endsWith("}") && text.length > 0);
    await expect.poll(() => written().length, { timeout: 20_000 }).toBe(1);
    const [notice] = written();
    expect(JSON.parse(notice!.json)).toMatchObject({ to: merchant, subject: "[Dispatch] Alert: 1 order needs attention" });
    expect(notice!.text).toContain("1 × Refused by the ERP");
  });
});
