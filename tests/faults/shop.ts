import { randomUUID } from "node:crypto";
import pg from "pg";
import { recreateDatabase } from "../support/database";
import { fakeResend, startFakeResend } from "../support/fake-resend";
import { freePort } from "../support/ports";
import { Process, npmScript } from "../support/process";
import { testEnv } from "../test-env";

/**
 * The whole shop as separate real processes — web (the built app), worker, ERP simulator and a
 * Redis of its own that a test may stop — on a fresh database, for fault tests to break.
 */
export interface Outcome {
  accepted: number;
  refused: number;
  erpRecords: number;
  duplicates: number;
  lost: number;
  confirmed: number;
  failed: number;
  emailsSent: number;
  /** Confirmation emails beyond one per order. */
  emailDuplicates: number;
}

export async function startShop(overrides: Record<string, string> = {}) {
  const [webPort, erpPort, redisPort] = [await freePort(), await freePort(), await freePort()];
  const databaseUrl = testEnv.integrationDatabaseUrl.replace(/\/[^/]+$/, "/dispatch_faults_test");
  await recreateDatabase(databaseUrl);
  const resend = await startFakeResend();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    QUEUE_PREFIX: `faults-${randomUUID().slice(0, 8)}`,
    APP_URL: `http://127.0.0.1:${webPort}`,
    ERP_URL: `http://127.0.0.1:${erpPort}`,
    ERP_TIMEOUT_MS: "3000",
    SYNC_ATTEMPTS: "25",
    SYNC_BACKOFF_MS: "100",
    ERP_BREAKER_COOLDOWN_MS: "500",
    SWEEP_AFTER_MS: "1000",
    SWEEP_INTERVAL_MS: "300",
    JOB_LOCK_MS: "1000",
    WORKER_CONCURRENCY: "64",
    CHECKOUT_RATE_LIMIT_PER_MINUTE: "100000",
    RESEND_API_KEY: testEnv.resendApiKey,
    RESEND_BASE_URL: resend.url,
    ADMIN_PASSWORD: "faults-admin-password",
    SESSION_SECRET: "faults-session-secret-faults-session-secret-0123",
    ERP_PORT: String(erpPort),
    ERP_LATENCY_MS: "50",
    ERP_QUIET: "1",
    ...overrides,
  };
  const redis = new Process(["redis-server", "--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], {});
  const erp = new Process(npmScript("erp"), env);
  const worker = new Process(npmScript("worker"), { ...env, LOG_LEVEL: "info" });
  const web = new Process([process.execPath, "node_modules/next/dist/bin/next", "start", "-p", String(webPort)], { ...env });
  await redis.start(/Ready to accept connections/);
  await erp.start(/ERP simulator on/);
  await worker.start(/worker started/);
  await web.start(/Ready in/);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows: products } = await db.query<{ id: string }>(`SELECT id FROM "Product" WHERE active ORDER BY slug LIMIT 3`);
  const accepted = new Set<string>();
  let refused = 0;

  const erpCall = async (path: string, body?: object) =>
    (await fetch(`${env.ERP_URL}${path}`, body && { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();

  return {
    env,
    redis,
    erp,
    worker,
    web,
    resend,
    erpControl: (settings: { latencyMs?: number; failureRate?: number; outage?: boolean }) => erpCall("/control", settings),

    /** Checks out `count` orders through POST /api/orders, `concurrency` at a time. */
    async placeOrders(count: number, concurrency = 10): Promise<void> {
      let next = 0;
      const client = async () => {
        while (next < count) {
          next++;
          const body = { email: "fault@example.com", name: "Fault Test", addressLine1: "1 Chaos Lane", city: "Berlin", postalCode: "10115", country: "DE", items: products.map((product) => ({ productId: product.id, quantity: 1 })) };
          try {
            const response = await fetch(`http://127.0.0.1:${webPort}/api/orders`, {
              method: "POST",
              headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
              body: JSON.stringify(body),
              signal: AbortSignal.timeout(10_000),
            });
            if (response.status === 201) accepted.add((await response.json()).token);
            else refused++;
          } catch {
            refused++;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, client));
    },

    /** Waits until at least `count` checkouts have been accepted. */
    async placedAtLeast(count: number): Promise<void> {
      while (accepted.size < count) await new Promise((resolve) => setTimeout(resolve, 20));
    },

    /** Waits until no order is still on its way (all CONFIRMED or FAILED), within a deadline. */
    async settle(timeoutMs = 90_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.query<{ open: string }>(`SELECT count(*) AS open FROM "Order" WHERE status NOT IN ('CONFIRMED', 'FAILED')`);
        if (Number(rows[0]!.open) === 0) return;
        if (Date.now() > deadline) {
          const log = worker.output.split("\n").filter((line) => !/EPIPE|ECONNREFUSED|writeable/.test(line));
          throw new Error(`${rows[0]!.open} orders still open after ${timeoutMs} ms\nworker:\n${log.slice(-40).join("\n")}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },

    /** Shop, ERP and mailbox compared: what was accepted, recorded, duplicated, lost. */
    async outcome(): Promise<Outcome> {
      const { rows: orders } = await db.query<{ id: string; publicToken: string; status: string }>(`SELECT id, "publicToken", status FROM "Order"`);
      const records = (await erpCall("/orders")) as { order: { orderId: string } }[];
      const recorded = new Set(records.map((record) => record.order.orderId));
      const byToken = new Map(orders.map((order) => [order.publicToken, order]));
      const lost = [...accepted].filter((token) => {
        const order = byToken.get(token);
        return !order || (order.status !== "FAILED" && !recorded.has(order.id));
      }).length;
      const emails = await fakeResend(resend.url).emails();
      const mailed = new Set(emails.map((email) => email.idempotencyKey));
      return {
        emailsSent: emails.length,
        emailDuplicates: emails.length - mailed.size,
        accepted: accepted.size,
        refused,
        erpRecords: records.length,
        duplicates: records.length - recorded.size,
        lost,
        confirmed: orders.filter((order) => order.status === "CONFIRMED").length,
        failed: orders.filter((order) => order.status === "FAILED").length,
      };
    },

    async close(): Promise<void> {
      await Promise.all([web.stop(), worker.stop()]);
      await Promise.all([erp.stop(), redis.stop()]);
      await db.end();
      await resend.close();
    },
  };
}
export type Shop = Awaited<ReturnType<typeof startShop>>;
