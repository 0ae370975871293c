// The admin's order table at 100,000 orders: is every page, filter and search still fast?
// `npm run bench:admin` — fills a scratch database, times the real queries, writes docs/benchmarks/admin-orders.md.
import { writeFileSync } from "node:fs";
import { recreateDatabase } from "../tests/support/database";
import { testEnv } from "../tests/test-env";

const ORDERS = 100_000;
const RUNS = 30;
const databaseUrl = testEnv.integrationDatabaseUrl.replace(/\/[^/]+$/, "/dispatch_admin_bench");
process.env.DATABASE_URL = databaseUrl;
await recreateDatabase(databaseUrl);

const { prisma } = await import("../lib/db");
const { encodeCursor, listOrders } = await import("../lib/admin/orders");

// One statement each: orders spread over 30 days with a realistic mix of statuses, two lines each.
const fillStarted = performance.now();
await prisma.$executeRawUnsafe(`
  INSERT INTO "Order" (id, "publicToken", email, name, "addressLine1", city, "postalCode", country, status,
                       "totalCents", currency, "idempotencyKey", "requestHash", "syncAttempts", "createdAt", "updatedAt", "syncedAt", "syncDeadlineAt")
  SELECT gen_random_uuid(), md5(i::text), 'shopper' || i || '@example.com', 'Shopper ' || i, '1 Bench Street', 'Berlin', '10115', 'DE',
         (CASE WHEN i % 50 = 0 THEN 'FAILED' WHEN i % 97 = 0 THEN 'SYNC_RETRYING' ELSE 'CONFIRMED' END)::"OrderStatus",
         4800, 'EUR', md5('key' || i), 'bench', 1,
         now() - (i || ' seconds')::interval * 26, now(), now() - (i || ' seconds')::interval * 26 + interval '9 seconds',
         now() - (i || ' seconds')::interval * 26 + interval '1 day'
  FROM generate_series(1, ${ORDERS}) AS i`);
await prisma.$executeRawUnsafe(`
  INSERT INTO "OrderItem" ("orderId", "productId", sku, "productName", "unitPriceCents", quantity)
  SELECT o.id, p.id, p.sku, p.name, p."priceCents", 1
  FROM "Order" o CROSS JOIN LATERAL (SELECT id, sku, name, "priceCents" FROM "Product" WHERE active ORDER BY slug LIMIT 2) p`);
await prisma.$executeRawUnsafe(`ANALYZE`);
const fillMs = performance.now() - fillStarted;

const middle = await prisma.order.findFirstOrThrow({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: ORDERS / 2 });
const cases: [string, Parameters<typeof listOrders>[0]][] = [
  ["Newest page, all statuses", {}],
  ["Page at depth 50,000 (keyset cursor)", { cursor: encodeCursor(middle) }],
  ["Filter: Failed", { status: "FAILED" }],
  ["Filter: Retrying, page at depth 50,000", { status: "SYNC_RETRYING", cursor: encodeCursor(middle) }],
  ["Search by order number", { search: `DSP-${String(middle.number).padStart(6, "0")}` }],
  ["Search by email fragment", { search: "shopper4242" }],
];

const rows: string[] = [];
for (const [label, query] of cases) {
  await listOrders(query); // warm
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await listOrders(query);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  rows.push(`| ${label} | ${at(0.5)} | ${at(0.95)} |`);
}
await prisma.$disconnect();

const report = `# Admin order table at ${ORDERS.toLocaleString("en")} orders

\`npm run bench:admin\` on ${new Date().toISOString().slice(0, 10)}: ${ORDERS.toLocaleString("en")} orders (${(2 * ORDERS).toLocaleString("en")} items) written in ${(fillMs / 1000).toFixed(1)} s,
then each query of \`listOrders\` (one page of 50 rows **plus the counts per status**) run ${RUNS} times after a warm-up,
against PostgreSQL on this machine. Milliseconds for the whole call, as the admin page and its polling route make it.

| Query | p50 ms | p95 ms |
| --- | ---: | ---: |
${rows.join("\n")}
`;
writeFileSync("docs/benchmarks/admin-orders.md", report);
console.log(report);
