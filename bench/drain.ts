import pg from "pg";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { cpuMeter, memoryOf, startWorker, type CpuPerUnit } from "./shop";

export interface DrainResult {
  /** Worker processes, each with an equal share of the concurrency. */
  workers: number;
  concurrency: number;
  orders: number;
  seconds: number;
  ordersPerSecond: number;
  /** concurrency ÷ ERP latency: every slot busy with an ERP call all the time. */
  idealPerSecond: number | null;
  workerPeakRssMb: number;
  /** From the worker's start until the first order was done: one ERP call, plus taking the first jobs. */
  firstDoneSeconds: number;
  /** The workers' CPU time per order, and the whole shop's (PostgreSQL, Redis, ERP, mail API too). */
  cpuPerOrder: CpuPerUnit;
}

/**
 * `count` RECEIVED orders with their jobs, as checkout would leave them, written in bulk (one SQL
 * statement, jobs in batches) so the drain starts from a real backlog.
 */
export async function seedQueuedOrders(env: Record<string, string>, count: number): Promise<void> {
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query<{ id: string }>(`
    WITH placed AS (
      INSERT INTO "Order" ("publicToken", email, name, "addressLine1", city, "postalCode", country, status,
                           "totalCents", currency, "idempotencyKey", "requestHash", "syncDeadlineAt", "workDueAt")
      SELECT md5(random()::text || i), 'drain' || i || '@example.com', 'Drain Shopper', '1 Queue Street',
             'Berlin', '10115', 'DE', 'RECEIVED', 4800, 'EUR', gen_random_uuid()::text, 'bench', now() + interval '1 day', now() + interval '1 hour'
      FROM generate_series(1, $1::int) AS i
      RETURNING id
    ), items AS (
      INSERT INTO "OrderItem" ("orderId", "productId", sku, "productName", "unitPriceCents", quantity)
      SELECT placed.id, p.id, p.sku, p.name, p."priceCents", 1
      FROM placed CROSS JOIN (SELECT id, sku, name, "priceCents" FROM "Product" WHERE active ORDER BY slug LIMIT 2) p
    )
    SELECT id FROM placed`, [count]);
  await db.end();

  const { jobOptions, QueueName } = await import("../lib/queue");
  const connection = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.erpSync, { connection, prefix: env.QUEUE_PREFIX });
  for (let start = 0; start < rows.length; start += 1_000) {
    const batch = rows.slice(start, start + 1_000);
    await queue.addBulk(batch.map(({ id }) => ({ name: QueueName.erpSync, data: { orderId: id }, opts: jobOptions(QueueName.erpSync, { orderId: id }) })));
  }
  await queue.close();
  connection.disconnect();
}

/**
 * Starts a worker on the backlog and times how long it takes until `orders` more orders have
 * reached `status` (synced: the ERP call and its state update; confirmed: the email job too).
 */
export async function timeDrain(
  env: Record<string, string>,
  options: { concurrency: number; orders: number; until: "synced" | "confirmed"; erpLatencyMs: number; workers?: number },
): Promise<DrainResult> {
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const done = async () => {
    const where = options.until === "synced" ? `"syncedAt" IS NOT NULL` : `status = 'CONFIRMED'`;
    return Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Order" WHERE ${where}`)).rows[0]!.n);
  };
  const before = await done();
  const count = options.workers ?? 1;
  const share = String(Math.ceil(options.concurrency / count));
  const workers = await Promise.all(
    Array.from({ length: count }, () => startWorker({ ...env, WORKER_CONCURRENCY: share, EMAIL_CONCURRENCY: String(Math.min(Number(share), 200)) })),
  );
  const started = performance.now();
  const meters = workers.map((worker) => ({ memory: memoryOf(worker.pid!), cpu: cpuMeter(worker.pid!) }));
  let reached = before;
  let firstDoneSeconds = NaN;
  let progressAt = performance.now();
  while (reached - before < options.orders) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await done();
    if (now > reached) progressAt = performance.now();
    reached = now;
    if (reached > before && Number.isNaN(firstDoneSeconds)) firstDoneSeconds = (performance.now() - started) / 1000;
    // Longer than any ERP call without one more order done: the backlog ran out, or the workers stopped.
    if (performance.now() - progressAt > options.erpLatencyMs + 60_000) throw new Error(`drain stalled at ${reached - before} of ${options.orders} orders`);
  }
  const seconds = (performance.now() - started) / 1000;
  const workerPeakRssMb = Math.max(...meters.map((meter) => meter.memory.peakMb()));
  const perWorker = meters.map((meter) => meter.cpu(reached - before));
  const cpuPerOrder = { processMs: perWorker.reduce((sum, cpu) => sum + cpu.processMs, 0), shopMs: perWorker[0]!.shopMs };
  await Promise.all(workers.map((worker) => worker.stop()));
  await db.end();
  return {
    workers: count,
    concurrency: options.concurrency,
    orders: reached - before,
    seconds,
    ordersPerSecond: (reached - before) / seconds,
    idealPerSecond: options.erpLatencyMs > 0 ? options.concurrency / (options.erpLatencyMs / 1000) : null,
    workerPeakRssMb,
    firstDoneSeconds,
    cpuPerOrder,
  };
}
