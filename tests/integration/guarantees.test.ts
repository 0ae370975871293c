import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { conditions } from "@/lib/alerts/conditions";
import { openAlert } from "@/lib/alerts/store";
import { config } from "@/lib/config";
import { pool, prisma } from "@/lib/db";
import { resendConfirmation, retrySync } from "@/lib/orders/merchant-actions";
import { applyMove, loadOrder } from "@/lib/orders/store";
import { sweepOwedWork } from "@/lib/orders/sweep";
import { closeQueues, ensureJob, getQueue, QueueName } from "@/lib/queue";
import { startWorkers, type RunningWorkers } from "@/worker/workers";
import { erpSimulator } from "../support/erp";
import { fakeResend } from "../support/fake-resend";
import { placedOrder, waitForStatus } from "../support/orders";

// The promises an order is given — never lost, never recorded twice, never stuck without a person
// knowing — on the paths a review found broken.
const erp = erpSimulator(config().ERP_URL);
const resend = fakeResend(config().RESEND_BASE_URL);
const events = (orderId: string) => prisma.orderEvent.findMany({ where: { orderId }, orderBy: { sequence: "asc" } });
const typesOf = async (orderId: string) => (await events(orderId)).map((event) => event.type);

afterAll(() => closeQueues());

/** Makes an order's owed work overdue by `ago`, as if its job had gone quiet that long. */
const overdue = (ids: string[], ago: string) => pool.query(`UPDATE "Order" SET "workDueAt" = now() - $2::interval WHERE id = ANY($1::uuid[])`, [ids, ago]);
const read = async (id: string) => (await loadOrder(id))!;

describe("with no worker running", () => {
  it("one sweep walks every stranded order, however many older ones still owe work", async () => {
    // Older orders whose jobs are alive (waiting), then one stranded with no job at all.
    const older = [await placedOrder(), await placedOrder(), await placedOrder()];
    await overdue(older.map((order) => order.id), "1 hour");
    const stranded = await placedOrder();
    await getQueue(QueueName.erpSync).remove(stranded.id);
    await overdue([stranded.id], "10 minutes");

    await sweepOwedWork({ batchSize: 2 });

    expect(await getQueue(QueueName.erpSync).getJob(stranded.id)).toBeDefined();
    expect(await typesOf(stranded.id)).toContain("QUEUED");
  });

  it("two sweepers at once queue each stranded order once", async () => {
    const stranded = await Promise.all(Array.from({ length: 20 }, () => placedOrder()));
    const ids = stranded.map((order) => order.id);
    for (const id of ids) await getQueue(QueueName.erpSync).remove(id);
    await overdue(ids, "10 minutes");

    await Promise.all([sweepOwedWork(), sweepOwedWork()]);

    const queued = await prisma.orderEvent.count({ where: { orderId: { in: ids }, type: "QUEUED" } });
    expect(queued).toBe(ids.length);
  });

  it("a stale run's failure cannot move an order another run has already failed", async () => {
    const { id } = await placedOrder();
    const started = await applyMove(await read(id), "startSync", { type: "SYNC_STARTED", message: "attempt 3" }, { dueInMs: 1_000, countAttempt: true });
    const syncing = { id, status: "SYNCING" as const, version: started!.version };
    // Two runs of the same job read the order at SYNCING; the first one stops it.
    expect(await applyMove(syncing, "stopSync", { type: "FAILED", message: "Gave up" }, { dueInMs: null, attentionReason: "SYNC_DEADLINE" })).not.toBeNull();

    const stale = await applyMove(syncing, "scheduleRetry", { type: "SYNC_FAILED", message: "ERP answered 503" }, { dueInMs: 1_000 });

    expect(stale).toBeNull();
    expect((await prisma.order.findUniqueOrThrow({ where: { id } })).status).toBe("FAILED");
    expect(await typesOf(id)).not.toContain("SYNC_FAILED");
  });

  it("timestamps are true instants on a database whose time zone is not UTC", async () => {
    // The integration database's own TimeZone; a client that does not set its own sees it.
    const inDatabaseZone = new pg.Client({ connectionString: config().DATABASE_URL });
    await inDatabaseZone.connect();
    onTestFinished(() => inDatabaseZone.end());
    expect((await inDatabaseZone.query(`SHOW TimeZone`)).rows[0].TimeZone).toBe("America/New_York");

    const { id } = await placedOrder();
    await applyMove(await read(id), "startSync", { type: "SYNC_STARTED", message: "Sending" }, { dueInMs: 1_000, countAttempt: true });

    const order = await prisma.order.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { sequence: "asc" } } } });
    const times = [order.createdAt, order.updatedAt, order.workDueAt!, order.syncDeadlineAt, ...order.events.map((event) => event.createdAt)];
    for (const at of times) expect(Math.abs(at.getTime() - Date.now())).toBeLessThan(24 * 3_600_000 + 60_000);
    for (const at of [order.createdAt, order.updatedAt, ...order.events.map((event) => event.createdAt)]) {
      expect(Math.abs(at.getTime() - Date.now())).toBeLessThan(60_000);
    }
    // Another client, in the database's zone, reads the same instants.
    const { rows } = await inDatabaseZone.query(`SELECT "createdAt", "updatedAt" FROM "Order" WHERE id = $1`, [id]);
    expect(rows[0]).toEqual({ createdAt: order.createdAt, updatedAt: order.updatedAt });
  });
});

describe("with the worker running", () => {
  let workers: RunningWorkers;
  beforeAll(() => {
    workers = startWorkers({ fleetTasks: false });
  });
  afterEach(() => erp.asUsual());
  afterAll(() => workers.close());

  it("Retry sync leads to an attempt even when the failed order's last job completed", async () => {
    await erp.control({ rejectPostalCodes: ["99999"] });
    const { id } = await placedOrder({ postalCode: "99999" });
    await waitForStatus(id, ["FAILED"]);
    // The job that failed the order has finished (as it also does after a worker died between the
    // FAILED write and BullMQ recording the failure, and the job ran again): nothing is left to run.
    const job = (await getQueue(QueueName.erpSync).getJob(id))!;
    await expect.poll(() => job.getState()).toBe("completed");
    await erp.control({ rejectPostalCodes: [] });

    expect((await retrySync(id, "Marta")).ok).toBe(true);

    expect((await waitForStatus(id, ["CONFIRMED", "FAILED"], 10_000)).status).toBe("CONFIRMED");
  });

  it("a retry sends the ERP the same body as the first attempt, whatever the database did to the rows in between", async () => {
    // The first attempt reaches the ERP, which records the order after the worker stopped waiting.
    await erp.control({ latencyMs: config().ERP_TIMEOUT_MS + 500 });
    const { id } = await placedOrder();
    await expect.poll(async () => (await erp.stats()).inFlight, { timeout: 10_000 }).toBe(1);
    // Meanwhile a row is rewritten and the table compacted, which moves the row within it.
    await pool.query(`UPDATE "OrderItem" SET quantity = quantity WHERE ctid = (SELECT min(ctid) FROM "OrderItem" WHERE "orderId" = $1::uuid)`, [id]);
    await pool.query(`VACUUM FULL "OrderItem"`);
    await erp.control({ latencyMs: 0 });

    const order = await waitForStatus(id, ["CONFIRMED", "FAILED"], 15_000);

    expect(order.lastError).toBeNull();
    expect(order.status).toBe("CONFIRMED");
  });

  it("an email that was sent is not recorded as failed when the write after it fails", async () => {
    // The write that records the sent email fails once (a sequence, because its count survives the rollback).
    await pool.query(`CREATE SEQUENCE IF NOT EXISTS email_sent_writes`);
    await pool.query(`
      CREATE OR REPLACE FUNCTION fail_first_email_sent() RETURNS trigger AS $$
      BEGIN
        IF NEW.type = 'EMAIL_SENT' AND nextval('email_sent_writes') = 1 THEN RAISE EXCEPTION 'injected: the database refused the write'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await pool.query(`CREATE TRIGGER fail_email_sent BEFORE INSERT ON "OrderEvent" FOR EACH ROW EXECUTE FUNCTION fail_first_email_sent()`);
    try {
      const placed = await placedOrder();
      const order = await waitForStatus(placed.id, ["CONFIRMED"], 15_000);
      expect((await pool.query(`SELECT last_value FROM email_sent_writes`)).rows[0].last_value).toBe("2"); // it did fail once
      expect(order.events.map((event) => event.type)).not.toContain("EMAIL_FAILED");
      expect((await resend.emails()).filter((mail) => mail.idempotencyKey === `order-confirmation/${placed.id}`)).toHaveLength(1);
    } finally {
      await pool.query(`DROP TRIGGER IF EXISTS fail_email_sent ON "OrderEvent"; DROP SEQUENCE IF EXISTS email_sent_writes`);
    }
  });

  it("a resend whose job failed for good does not lock Resend confirmation out", async () => {
    const { id } = await placedOrder();
    await waitForStatus(id, ["CONFIRMED"]);
    await resend.failNext(...Array.from({ length: 10 }, () => 500));
    await resendConfirmation(id, "Marta");
    await expect.poll(async () => (await typesOf(id)).filter((type) => type === "EMAIL_FAILED").length, { timeout: 20_000 }).toBe(10);

    const again = await resendConfirmation(id, "Marta");

    expect(again.message).not.toContain("already on its way");
    await expect.poll(async () => (await typesOf(id)).filter((type) => type === "EMAIL_SENT").length, { timeout: 10_000 }).toBe(2);
  });

  it("an order whose sync fails the same way every time stops for a person instead of being revived forever", async () => {
    await pool.query(`
      CREATE OR REPLACE FUNCTION refuse_syncing() RETURNS trigger AS $$
      BEGIN
        IF NEW.status = 'SYNCING' AND NEW.email = 'always-fails@example.com' THEN RAISE EXCEPTION 'injected: a bug that fails every time'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await pool.query(`CREATE TRIGGER refuse_syncing BEFORE UPDATE ON "Order" FOR EACH ROW EXECUTE FUNCTION refuse_syncing()`);
    try {
      const { id } = await placedOrder({ email: "always-fails@example.com" });
      const sweeps = setInterval(() => void sweepOwedWork().catch(() => {}), 200);
      try {
        const order = await waitForStatus(id, ["FAILED"], 20_000);
        expect(order.attentionReason).toBe("REVIVAL_LIMIT");
        // Revived up to the limit; the count starts again for the work a stopped order owes (the shopper's delay notice).
        expect(order.events.findLast((event) => event.type === "FAILED")!.message).toMatch(new RegExp(`^Stopped after ${config().SWEEP_MAX_REVIVALS} revivals; `));
        expect(order.revivals).toBe(0);
        expect(order.lastError).toContain("a bug that fails every time");
      } finally {
        clearInterval(sweeps);
      }
    } finally {
      await pool.query(`DROP TRIGGER IF EXISTS refuse_syncing ON "Order"`);
    }
  });

  it("a refused order stops for a person with the ERP's reason, and is not tried again", async () => {
    await erp.control({ rejectPostalCodes: ["00000"] });
    const { id } = await placedOrder({ postalCode: "00000" });

    const order = await waitForStatus(id, ["FAILED"]);

    expect(order).toMatchObject({ attentionReason: "ERP_REJECTED", syncAttempts: 1 });
    expect(order.lastError).toContain("postal code 00000 is not valid for DE");
    expect((await erp.records()).filter((record) => record.idempotencyKey === id)).toEqual([]);
  });

  it("an ERP refusing our credentials fails no order: it alarms a person, and the orders go through once it is fixed", async () => {
    await erp.control({ outage: true, outageStatus: 401 });
    const { id } = await placedOrder();
    await expect.poll(async () => (await loadOrder(id))?.lastError ?? "", { timeout: 10_000 }).toContain("ERP answered 401");
    await expect.poll(() => openAlert(conditions.erpConfiguration)).not.toBeNull();
    expect((await read(id)).status).not.toBe("FAILED");

    await erp.control({ outage: false });

    expect((await waitForStatus(id, ["CONFIRMED", "FAILED"], 15_000)).status).toBe("CONFIRMED");
    await expect.poll(() => openAlert(conditions.erpConfiguration)).toBeNull();
  });

  it("waits as long as the ERP's Retry-After asks before the next attempt", async () => {
    await erp.control({ outage: true, outageStatus: 429, retryAfterSeconds: 2 });
    const { id } = await placedOrder();
    await waitForStatus(id, ["SYNC_RETRYING"]);
    await erp.control({ outage: false });

    const order = await waitForStatus(id, ["CONFIRMED"], 10_000);

    const starts = order.events.filter((event) => event.type === "SYNC_STARTED").map((event) => event.createdAt.getTime());
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(2_000);
  });

  it("stops an order that is still not in the ERP at its deadline", async () => {
    await erp.control({ outage: true });
    const { id } = await placedOrder();
    await waitForStatus(id, ["SYNC_RETRYING"]);

    await pool.query(`UPDATE "Order" SET "syncDeadlineAt" = now() WHERE id = $1::uuid`, [id]);

    const order = await waitForStatus(id, ["FAILED"], 10_000);
    expect(order.attentionReason).toBe("SYNC_DEADLINE");
    expect(order.lastError).toContain("ERP answered 503");
  });

  it("an order the ERP already holds with another body stops as an idempotency conflict", async () => {
    const { id } = await placedOrder();
    await waitForStatus(id, ["CONFIRMED"]);
    // The order is sent again under its key with another body (as if changed outside the shop).
    await pool.query(
      `UPDATE "Order" SET status = 'SYNC_RETRYING', "erpRequest" = replace("erpRequest", 'Ada Lovelace', 'Ada King'), "workDueAt" = now() WHERE id = $1::uuid`,
      [id],
    );
    await ensureJob(QueueName.erpSync, { orderId: id });

    const order = await waitForStatus(id, ["FAILED"]);
    expect(order.attentionReason).toBe("IDEMPOTENCY_CONFLICT");
    expect(order.lastError).toContain("already used with a different body");
  });
});
