import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { erpSimulator } from "../support/erp";
import { fakeResend, startFakeResend } from "../support/fake-resend";
import { freePort } from "../support/ports";
import type { PrivatePostgres } from "../support/postgres";
import { Process, npmScript } from "../support/process";
import { testEnv } from "../test-env";

/**
 * The whole shop as separate real processes — web (the built app), two workers, the ERP simulator
 * and a Redis of its own — on a fresh database of the run's private PostgreSQL, for fault tests to
 * break.
 */
export interface Outcome {
  accepted: number;
  refused: number;
  /** Refused checkouts by HTTP status, or "no answer". */
  refusals: Record<string, number>;
  /** Orders in the database, accepted or not (a checkout cut off mid-commit may still have placed one). */
  orders: number;
  erpRecords: number;
  /** ERP records beyond one per order. */
  duplicates: number;
  /** Accepted orders the shop does not have, or that neither reached the ERP nor stopped for a person. */
  lost: number;
  confirmed: number;
  failed: number;
  /** Orders stopped for a person, by "status/attentionReason". */
  stopped: Record<string, number>;
  /** Orders still on their way, by status. */
  open: Record<string, number>;
  /** Confirmations; `delayNotices` counts the "taking longer" emails. */
  emailsSent: number;
  delayNotices: number;
  /** Confirmation emails beyond one per shopper (each order has its own shopper). */
  emailDuplicates: number;
  /** Confirmed orders whose shopper has no email. */
  unmailed: number;
}

export interface ShopOptions {
  /** Settings for every process, the ERP simulator's ERP_* ones included. */
  env?: Record<string, string>;
  /** Web processes, each on its own port; checkouts alternate between them. */
  webs?: number;
  workers?: number;
  /** The database's default TimeZone. */
  timeZone?: string;
}

export interface StoredOrder {
  id: string;
  publicToken: string;
  email: string;
  status: string;
  attentionReason: string | null;
  lastError: string | null;
}

const SETTLED = ["CONFIRMED", "FAILED", "EMAIL_FAILED"];
const STOPPED = ["FAILED", "EMAIL_FAILED"];

/** Settings of a test shop: short sweeps, locks and backoff so that a scenario takes seconds. */
function shopEnv(ports: { web: number; erp: number; redis: number }, databaseUrl: string, resendUrl: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
    QUEUE_PREFIX: `faults-${randomUUID().slice(0, 8)}`,
    APP_URL: `http://127.0.0.1:${ports.web}`,
    ERP_URL: `http://127.0.0.1:${ports.erp}`,
    ERP_TIMEOUT_MS: "3000",
    SYNC_DEADLINE_MS: "180000",
    SYNC_BACKOFF_MS: "100",
    SYNC_BACKOFF_MAX_MS: "5000",
    ERP_BREAKER_COOLDOWN_MS: "500",
    SWEEP_AFTER_MS: "1000",
    SWEEP_INTERVAL_MS: "300",
    JOB_LOCK_MS: "1000",
    WORKER_CONCURRENCY: "64",
    CHECKOUT_RATE_LIMIT_PER_MINUTE: "1000000",
    RESEND_API_KEY: testEnv.resendApiKey,
    RESEND_BASE_URL: resendUrl,
    SESSION_SECRET: "faults-session-secret-faults-session-secret-0123",
    ERP_PORT: String(ports.erp),
    ERP_LATENCY_MS: "50",
    ERP_QUIET: "1",
    ERP_CONTROL_TOKEN: "faults-erp-control-token-0123456789",
    METRICS_TOKEN: "faults-metrics-token-0123456789",
  };
}

let shopsStarted = 0;

export async function startShop(postgres: PrivatePostgres, { env: overrides = {}, webs: webCount = 1, workers: workerCount = 2, timeZone }: ShopOptions = {}) {
  const webPorts = await Promise.all(Array.from({ length: webCount }, freePort));
  const [erpPort, redisPort] = [await freePort(), await freePort()];
  // A database of each shop's own: processes left over from an earlier scenario cannot reach it.
  const databaseName = `dispatch_faults_${++shopsStarted}_test`;
  const databaseUrl = await postgres.createDatabase(databaseName, { timeZone });
  const resend = await startFakeResend();
  const env = { ...shopEnv({ web: webPorts[0]!, erp: erpPort, redis: redisPort }, databaseUrl, resend.url), ...overrides };

  const redis = new Process(
    ["redis-server", "--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"],
    {},
    /Ready to accept connections/,
  );
  const erp = new Process(npmScript("erp"), env, /ERP simulator on/);
  const workers = Array.from({ length: workerCount }, () => new Process(npmScript("worker"), { ...env, LOG_LEVEL: "info" }, /worker started/));
  const webs = webPorts.map((port) => new Process([process.execPath, "server.mjs", "-p", String(port)], { ...env }, /web app ready/));
  const webUrls = webPorts.map((port) => `http://127.0.0.1:${port}`);
  await Promise.all([redis.start(), erp.start()]);
  await Promise.all([...workers, ...webs].map((process) => process.start()));

  // A pool: a scenario may restart PostgreSQL under it, which ends its connections.
  const db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  db.on("error", () => {});
  const { rows: products } = await db.query<{ id: string }>(`SELECT id FROM "Product" WHERE active ORDER BY slug LIMIT 3`);
  const accepted = new Set<string>();
  const refusals: Record<string, number> = {};
  let checkouts = 0;

  const erpApi = erpSimulator(env.ERP_URL!, env.ERP_CONTROL_TOKEN);
  // The test's own look into the shop's Redis; it reconnects after a scenario restarts Redis.
  const redisClient = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  redisClient.on("error", () => {});

  /** Every order with its status and, where the schema has them, why it stopped (read as JSON, so older schemas work too). */
  const storedOrders = async (where = "TRUE", values: unknown[] = []) =>
    (
      await db.query<StoredOrder>(
        `SELECT o.id, o."publicToken", o.email, o.status::text AS status,
                to_jsonb(o) ->> 'attentionReason' AS "attentionReason", o."lastError"
         FROM "Order" o WHERE ${where}`,
        values,
      )
    ).rows;

  return {
    env,
    db,
    redis,
    erp,
    workers,
    webs,
    webUrls,
    resend,
    mailbox: fakeResend(resend.url),
    erpControl: erpApi.control,
    erpStats: erpApi.stats,
    /** One command on the shop's Redis, as the shop's processes see it. */
    redisCommand: (command: string, ...args: string[]) => redisClient.call(command, ...args),

    /**
     * Checks out `count` orders through POST /api/orders, `concurrency` at a time, alternating
     * between the web processes; stops early once `until` is aborted. Resolves with the tokens of
     * the orders it placed.
     */
    async placeOrders(count: number, concurrency = 10, { postalCode = "10115", until }: { postalCode?: string; until?: AbortSignal } = {}): Promise<string[]> {
      const placed: string[] = [];
      let started = 0;
      const client = async () => {
        while (started < count && !until?.aborted) {
          started++;
          const web = webUrls[checkouts++ % webUrls.length]!;
          const body = {
            email: `shopper-${randomUUID().slice(0, 8)}@example.com`,
            name: "Fault Test",
            addressLine1: "1 Chaos Lane",
            city: "Berlin",
            postalCode,
            country: "DE",
            items: products.map((product) => ({ productId: product.id, quantity: 1 })),
          };
          let refusal: string;
          try {
            const response = await fetch(`${web}/api/orders`, {
              method: "POST",
              headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
              body: JSON.stringify(body),
              signal: AbortSignal.timeout(10_000),
            });
            if (response.status === 201) {
              const { token } = (await response.json()) as { token: string };
              accepted.add(token);
              placed.push(token);
              continue;
            }
            refusal = String(response.status);
          } catch {
            refusal = "no answer";
          }
          refusals[refusal] = (refusals[refusal] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, client));
      return placed;
    },

    /** Waits until at least `count` checkouts have been accepted, for at most `timeoutMs`. */
    async placedAtLeast(count: number, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (accepted.size < count) {
        if (Date.now() > deadline) throw new Error(`${accepted.size} checkouts accepted after ${timeoutMs / 1000} s, waiting for ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },

    get acceptedCount(): number {
      return accepted.size;
    },

    async order(token: string): Promise<StoredOrder> {
      const [order] = await storedOrders(`o."publicToken" = $1`, [token]);
      if (!order) throw new Error(`No order with token ${token}`);
      return order;
    },

    /** Waits until no order is still on its way (all CONFIRMED, FAILED or EMAIL_FAILED), within a deadline. */
    async settle(timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.query<{ open: string }>(`SELECT count(*) AS open FROM "Order" WHERE status::text <> ALL($1)`, [SETTLED]);
        if (Number(rows[0]!.open) === 0) return;
        if (Date.now() > deadline) {
          const log = workers.flatMap((worker) => worker.output.split("\n").filter((line) => !/EPIPE|ECONNREFUSED|writeable/.test(line)).slice(-20));
          throw new Error(`${rows[0]!.open} orders still open after ${timeoutMs / 1000} s\nworkers' last lines:\n${log.join("\n")}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },

    /** Shop, ERP and mailbox compared: what was accepted, recorded, duplicated, lost, mailed. */
    async outcome(): Promise<Outcome> {
      const orders = await storedOrders();
      const records = await erpApi.records();
      const recorded = new Set(records.map((record) => record.order.orderId));
      const byToken = new Map(orders.map((order) => [order.publicToken, order]));
      const lost = [...accepted].filter((token) => {
        const order = byToken.get(token);
        return !order || (!STOPPED.includes(order.status) && !recorded.has(order.id));
      }).length;
      // The shopper's "taking longer" notices (an order that stopped for a person) apart from the confirmations.
      const sent = await fakeResend(resend.url).emails();
      const emails = sent.filter((email) => !email.subject.includes("is taking longer"));
      const delayNotices = sent.length - emails.length;
      const recipients = new Set(emails.flatMap((email) => email.to));
      const count = (list: StoredOrder[], key: (order: StoredOrder) => string) =>
        list.reduce<Record<string, number>>((counts, order) => ({ ...counts, [key(order)]: (counts[key(order)] ?? 0) + 1 }), {});
      const confirmed = orders.filter((order) => order.status === "CONFIRMED");
      return {
        accepted: accepted.size,
        refused: Object.values(refusals).reduce((sum, n) => sum + n, 0),
        refusals: { ...refusals },
        orders: orders.length,
        erpRecords: records.length,
        duplicates: records.length - recorded.size,
        lost,
        confirmed: confirmed.length,
        failed: orders.filter((order) => order.status === "FAILED").length,
        stopped: count(
          orders.filter((order) => STOPPED.includes(order.status)),
          (order) => `${order.status}/${order.attentionReason ?? "no reason"}`,
        ),
        open: count(
          orders.filter((order) => !SETTLED.includes(order.status)),
          (order) => order.status,
        ),
        emailsSent: emails.length,
        delayNotices,
        emailDuplicates: emails.length - recipients.size,
        unmailed: confirmed.filter((order) => !recipients.has(order.email)).length,
      };
    },

    async close(): Promise<void> {
      // A frozen Redis would hold up the workers' exit; other frozen processes are resumed by stop().
      redis.signal("SIGCONT");
      await Promise.all([...webs, ...workers].map((process) => process.stop("SIGTERM", { killAfterMs: 15_000 })));
      await Promise.all([erp.stop("SIGTERM", { killAfterMs: 5_000 }), redis.stop()]);
      await db.end();
      redisClient.disconnect();
      await resend.close();
      await postgres.dropDatabase(databaseName);
    },
  };
}
export type Shop = Awaited<ReturnType<typeof startShop>>;
