// What one evaluation of the alert conditions costs at 100,000 orders and 500,000 timeline events.
// `npx tsx bench/alerts.ts` — fills a scratch database, times each condition and a whole evaluation,
// writes docs/benchmarks/alerts.md.
import { writeFileSync } from "node:fs";
import { recreateDatabase } from "../tests/support/database";
import { deleteQueueKeys } from "../tests/support/queue-keys";
import { testEnv } from "../tests/test-env";

const ORDERS = 100_000;
const RUNS = 30;
const databaseUrl = testEnv.integrationDatabaseUrl.replace(/\/[^/]+$/, "/dispatch_alerts_bench");
const prefix = `dispatch-alerts-bench-${process.pid}`;
Object.assign(process.env, { DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: "silent", ALERT_GROUP_SECONDS: "0", DB_STATEMENT_TIMEOUT_MS: "600000" });
await recreateDatabase(databaseUrl);

const { pool, prisma } = await import("../lib/db");
const { measured } = await import("../lib/alerts/conditions");
const { evaluateAlerts } = await import("../lib/alerts/evaluate");
const { closeQueues } = await import("../lib/queue");

// Orders over 30 days: 2 % failed (with reasons), 1 % still retrying (late), the rest confirmed;
// five events each, the email failures among them in the last hour.
const fillStarted = performance.now();
await pool.query(`
  INSERT INTO "Order" (id, "publicToken", email, name, "addressLine1", city, "postalCode", country, status, "attentionReason",
                       "totalCents", currency, "idempotencyKey", "requestHash", "createdAt", "syncDeadlineAt")
  SELECT gen_random_uuid(), md5(i::text), 'shopper' || i || '@example.com', 'Shopper ' || i, '1 Bench Street', 'Berlin', '10115', 'DE',
         (CASE WHEN i % 50 = 0 THEN 'FAILED' WHEN i % 97 = 0 THEN 'SYNC_RETRYING' ELSE 'CONFIRMED' END)::"OrderStatus",
         (CASE WHEN i % 100 = 0 THEN 'ERP_REJECTED' WHEN i % 50 = 0 THEN 'SYNC_DEADLINE' END)::"AttentionReason",
         4800, 'EUR', md5('key' || i), 'bench', now() - (i || ' seconds')::interval * 26, now() + interval '1 day'
  FROM generate_series(1, ${ORDERS}) AS i`);
await pool.query(`
  INSERT INTO "OrderEvent" ("orderId", type, message, "createdAt")
  SELECT o.id, (ARRAY['RECEIVED','QUEUED','SYNC_STARTED','SYNCED','EMAIL_SENT'])[k]::"OrderEventType", 'bench', o."createdAt" + k * interval '1 second'
  FROM "Order" o CROSS JOIN generate_series(1, 5) AS k`);
await pool.query(`
  INSERT INTO "OrderEvent" ("orderId", type, message)
  SELECT id, 'EMAIL_FAILED', 'bench' FROM "Order" WHERE status = 'CONFIRMED' LIMIT 25`);
await pool.query(`ANALYZE`);
const fillMs = performance.now() - fillStarted;

async function timed(work: () => Promise<unknown>) {
  await work(); // warm
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  return `${at(0.5)} | ${at(0.95)}`;
}

const rows: string[] = [];
for (const [condition, measure] of Object.entries(measured)) rows.push(`| ${condition} | ${await timed(() => measure(new Date()))} |`);
rows.push(`| **a whole evaluation** (all conditions, open/clear, due notices) | ${await timed(evaluateAlerts)} |`);
const alerts = await prisma.alert.findMany({ orderBy: { condition: "asc" } });
await prisma.$disconnect();
await closeQueues();
await deleteQueueKeys(prefix);

const report = `# Alert evaluation at ${ORDERS.toLocaleString("en")} orders

\`npx tsx bench/alerts.ts\` on ${new Date().toISOString().slice(0, 10)}: ${ORDERS.toLocaleString("en")} orders over 30 days (2 % failed,
1 % still retrying and past the SLA), 500,000 timeline events and 25 failed confirmation sends in the
last hour, in a fresh database (filled in ${(fillMs / 1000).toFixed(0)} s). Each figure is over ${RUNS} runs after one warm-up,
in milliseconds, from the worker's side (connection pool, Redis for the breaker).

| Condition | p50 ms | p95 ms |
| --- | ---: | ---: |
${rows.join("\n")}

The evaluation opened ${alerts.length} alerts: ${alerts.map((alert) => `${alert.condition} (count ${alert.count})`).join(", ")}.
One worker of the fleet runs it every \`ALERT_INTERVAL_MS\` (15 s by default).
`;
writeFileSync("docs/benchmarks/alerts.md", report);
console.log(report);
