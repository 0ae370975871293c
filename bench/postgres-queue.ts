// What a job costs in a queue kept in PostgreSQL, against BullMQ on Redis, on this machine: for
// docs/decisions/001-order-row-is-the-outbox.md. `npx tsx bench/postgres-queue.ts` (after the
// services are up); writes docs/benchmarks/postgres-queue.md. Each job is an order's: checkout
// writes the order, then the job is enqueued, claimed and completed by 16 consumers with no work.
// The PostgreSQL queue runs the statements pg-boss and Graphile Worker run per job: an insert, a
// claim with FOR UPDATE SKIP LOCKED, and a delete on completion, polling when it finds none.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "bullmq";
import { checkoutBody } from "./checkout";
import { benchEnv, cpuSeconds, freshDatabase } from "./shop";

const JOBS = 3_000;
const LOOPS = 16;

Object.assign(process.env, await benchEnv());
await freshDatabase();
const body = await checkoutBody();
const { pool } = await import("../lib/db");
const { recordPricedOrder } = await import("../lib/orders/place-order");
const { checkoutSchema, requestHash } = await import("../lib/orders/checkout");
const { priceCart } = await import("../lib/orders/pricing");
const { enqueue, QueueName, closeQueues } = await import("../lib/queue");
const { createRedis } = await import("../lib/redis");

const input = checkoutSchema.parse({ ...JSON.parse(body), idempotencyKey: randomUUID() });
const priced = await priceCart(input.items);
if (!priced.ok) throw new Error(priced.message);
const hash = requestHash(input);
const placeOrder = async () => {
  const order = await recordPricedOrder({ ...input, idempotencyKey: randomUUID() }, hash, priced);
  if (!order) throw new Error("the catalog changed during the run");
  return order;
};

/** CPU seconds of every process with this command name (the PostgreSQL backends, redis-server). */
function cpuOf(command: string): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === command) total += cpuSeconds(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function measure(run: () => Promise<void>) {
  const before = { machine: cpuSeconds(), postgres: cpuOf("postgres"), redis: cpuOf("redis-server"), started: performance.now() };
  await run();
  const seconds = (performance.now() - before.started) / 1000;
  const perJob = (cpu: number) => (cpu * 1000) / JOBS;
  return {
    jobsPerSecond: JOBS / seconds,
    machineMs: perJob(cpuSeconds() - before.machine),
    postgresMs: perJob(cpuOf("postgres") - before.postgres),
    redisMs: perJob(cpuOf("redis-server") - before.redis),
  };
}

/** `LOOPS` producers placing orders and enqueueing a job each, until JOBS are placed. */
async function produce(enqueueJob: (orderId: string) => Promise<void>) {
  let placed = 0;
  await Promise.all(
    Array.from({ length: LOOPS }, async () => {
      while (placed < JOBS) {
        placed++;
        await enqueueJob((await placeOrder()).id);
      }
    }),
  );
}

const bullmq = await measure(async () => {
  let done = 0;
  let allDone = () => {};
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const worker = new Worker(QueueName.erpSync, async () => void (++done === JOBS && allDone()), {
    connection: createRedis("worker"),
    prefix: process.env.QUEUE_PREFIX,
    concurrency: LOOPS,
  });
  await produce((orderId) => enqueue(QueueName.erpSync, { orderId }));
  await finished;
  await worker.close();
});

await pool.query(`CREATE TABLE bench_job (id bigserial PRIMARY KEY, payload jsonb NOT NULL, run_at timestamptz NOT NULL DEFAULT now(), locked_at timestamptz)`);
await pool.query(`CREATE INDEX bench_job_due ON bench_job (run_at) WHERE locked_at IS NULL`);
const postgres = await measure(async () => {
  let done = 0;
  const consume = async () => {
    while (done < JOBS) {
      const { rows } = await pool.query(
        `UPDATE bench_job SET locked_at = now() WHERE id = (
           SELECT id FROM bench_job WHERE locked_at IS NULL AND run_at <= now() ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
         RETURNING id`,
      );
      if (!rows[0]) {
        await sleep(5); // nothing due: poll again (Graphile Worker adds LISTEN/NOTIFY; pg-boss polls)
        continue;
      }
      await pool.query(`DELETE FROM bench_job WHERE id = $1`, [rows[0].id]);
      done++;
    }
  };
  await Promise.all([produce(async (orderId) => void (await pool.query(`INSERT INTO bench_job (payload) VALUES ($1)`, [{ orderId }]))), ...Array.from({ length: LOOPS }, consume)]);
});

const row = (name: string, r: typeof bullmq) =>
  `| ${name} | ${r.jobsPerSecond.toFixed(0)} | ${r.machineMs.toFixed(2)} ms | ${r.postgresMs.toFixed(2)} ms | ${r.redisMs.toFixed(2)} ms |`;
writeFileSync(
  "docs/benchmarks/postgres-queue.md",
  `# A queue in PostgreSQL against BullMQ on Redis

Written by \`npx tsx bench/postgres-queue.ts\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. ${JOBS} orders, each
written by checkout (one statement) and given one job, which ${LOOPS} consumers claim and complete
with no work; ${LOOPS} producers. CPU per job: the whole machine, and PostgreSQL's and Redis's own
processes. An order has two jobs (ERP sync, email), so twice this per order.

| Queue | Orders/s | Machine CPU per job | PostgreSQL CPU per job | Redis CPU per job |
| --- | ---: | ---: | ---: | ---: |
${row("BullMQ (Redis)", bullmq)}
${row("PostgreSQL (SKIP LOCKED)", postgres)}
`,
);
console.log(readFileSync("docs/benchmarks/postgres-queue.md", "utf8"));
await closeQueues();
await pool.end();
process.exit(0);
