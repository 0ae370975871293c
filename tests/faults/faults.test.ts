import { once } from "node:events";
import { writeFileSync } from "node:fs";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { fakeResend } from "../support/fake-resend";
import { startShop, type Outcome, type Shop } from "./shop";

// Each scenario checks out a batch through POST /api/orders while something breaks, then compares
// the shop's database with the ERP's records: nothing lost, nothing recorded twice.
const ORDERS = 50;
const report: { scenario: string; outcome: Outcome; seconds: number }[] = [];

async function scenario(name: string, overrides: Record<string, string>, run: (shop: Shop) => Promise<void>): Promise<Outcome> {
  const started = performance.now();
  const shop = await startShop(overrides);
  try {
    await run(shop);
    await shop.settle();
    const outcome = await shop.outcome();
    report.push({ scenario: name, outcome, seconds: (performance.now() - started) / 1000 });
    return outcome;
  } finally {
    await shop.close();
  }
}

function expectNothingLost(outcome: Outcome) {
  expect(outcome.accepted).toBe(ORDERS);
  expect(outcome.lost).toBe(0);
  expect(outcome.duplicates).toBe(0);
  expect(outcome.erpRecords).toBe(ORDERS);
  expect(outcome.confirmed).toBe(ORDERS);
  expect(outcome.emailsSent).toBe(ORDERS);
  expect(outcome.emailDuplicates).toBe(0);
}

afterAll(() => {
  const rows = report.map(
    ({ scenario, outcome: o, seconds }) =>
      `| ${scenario} | ${o.accepted} | ${o.refused} | ${o.erpRecords} | ${o.duplicates} | ${o.lost} | ${o.confirmed} | ${o.failed} | ${o.emailsSent} | ${o.emailDuplicates} | ${seconds.toFixed(1)} |`,
  );
  writeFileSync(
    "docs/reliability.md",
    `# Reliability under faults

Written by \`npm run test:faults\` (also part of \`npm test\`) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.
Each scenario starts the real processes — the built web app, a worker, the ERP simulator, a Redis of
its own — on a fresh PostgreSQL database, checks out ${ORDERS} orders through \`POST /api/orders\` while
the fault happens, waits until every order is confirmed or failed, and compares the shop's database
with the ERP's records and the mail API's inbox. *Lost*: an accepted order the ERP never recorded;
*duplicates*: ERP records beyond one per order.

| Scenario | Accepted | Refused | ERP records | Duplicates | Lost | Confirmed | Failed | Emails | Duplicate emails | Seconds |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}
`,
  );
});

describe("fault tests", () => {
  it("Redis stops during checkout and comes back empty: the sweeper re-queues from PostgreSQL", async () => {
    const outcome = await scenario("Redis stopped during checkout, restarted (empty) later", {}, async (shop) => {
      await shop.placeOrders(ORDERS / 2);
      await shop.redis.stop();
      await shop.placeOrders(ORDERS / 2);
      await shop.redis.start(/Ready to accept connections/);
    });
    expectNothingLost(outcome);
  });

  it("a worker SIGKILLed with 50 ERP calls in flight: the restarted one finishes every order once", async () => {
    const outcome = await scenario("Worker SIGKILLed with 50 ERP calls in flight, restarted", { ERP_LATENCY_MS: "1500" }, async (shop) => {
      await shop.placeOrders(ORDERS, 25);
      await shop.worker.stop("SIGKILL");
      await shop.worker.start(/worker started/);
    });
    expectNothingLost(outcome);
  });

  it("the ERP is down for a while, then back", async () => {
    const outcome = await scenario("ERP down for a while, then back", {}, async (shop) => {
      await shop.erpControl({ outage: true });
      await shop.placeOrders(ORDERS);
      await shop.erpControl({ outage: false });
    });
    expectNothingLost(outcome);
  });

  it("the ERP fails 30% of calls at random", async () => {
    const outcome = await scenario("ERP failing 30% of calls at random", { ERP_FAILURE_RATE: "0.3" }, async (shop) => {
      await shop.placeOrders(ORDERS);
    });
    expectNothingLost(outcome);
  });

  it("the ERP answers after the worker gave up: the retry gets the same record", async () => {
    const outcome = await scenario("ERP slower than the worker's timeout (records after the worker gave up)", { ERP_LATENCY_MS: "1500", ERP_TIMEOUT_MS: "1000" }, async (shop) => {
      await shop.placeOrders(ORDERS);
    });
    expectNothingLost(outcome);
  });

  it("the web process is killed between commit and enqueue: the worker's sweeper relays the orders", async () => {
    // The web's Redis answers nothing, so every order waits after its commit for the enqueue that
    // the SIGKILL cuts short; the worker still has the real Redis.
    const blackHole = net.createServer(() => {}).listen(0, "127.0.0.1");
    await once(blackHole, "listening");
    const silentRedis = `redis://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`;
    try {
      const outcome = await scenario("Web killed right after the order commit", {}, async (shop) => {
        shop.web.env.REDIS_URL = silentRedis;
        await shop.web.stop();
        await shop.web.start(/Ready in/);
        await shop.placeOrders(ORDERS);
        await shop.web.stop("SIGKILL");
      });
      expectNothingLost(outcome);
    } finally {
      blackHole.close();
    }
  });

  it("web and worker get SIGTERM mid-checkout: both stop within Upsun's 15 s grace, and restart losing nothing", async () => {
    const stops: { code: number | null; ms: number }[] = [];
    const outcome = await scenario("Web and worker SIGTERMed during checkout, restarted", { ERP_LATENCY_MS: "1000" }, async (shop) => {
      const burst = shop.placeOrders(ORDERS, 5);
      await shop.placedAtLeast(ORDERS / 2);
      stops.push(...(await Promise.all([shop.web.stop("SIGTERM"), shop.worker.stop("SIGTERM")])));
      await burst; // requests cut off by the stop are refused, not accepted
      await Promise.all([shop.web.start(/Ready in/), shop.worker.start(/worker started/)]);
      await shop.placeOrders(ORDERS - (await shop.outcome()).accepted);
    });
    const [web, worker] = stops;
    expect(web!.code).toBe(143); // Next finishes its requests, then exits as "terminated by SIGTERM"
    expect(worker!.code).toBe(0);
    for (const stop of stops) expect(stop.ms).toBeLessThan(15_000);
    // A request cut off mid-commit may still have placed its order: every order in the database counts.
    expect(outcome.accepted).toBe(ORDERS);
    expect(outcome.lost).toBe(0);
    expect(outcome.duplicates).toBe(0);
    expect(outcome.failed).toBe(0);
    expect(outcome.erpRecords).toBe(outcome.confirmed);
    expect(outcome.emailsSent).toBe(outcome.confirmed);
    expect(outcome.emailDuplicates).toBe(0);
    console.info(`web stopped in ${web!.ms} ms, worker in ${worker!.ms} ms`);
  });

  it("the email API fails with 500s and 429s, then recovers: each shopper gets one email", async () => {
    const outcome = await scenario("Resend API failing (500, 429), then recovering", {}, async (shop) => {
      await fakeResend(shop.resend.url).failNext(...Array.from({ length: 40 }, (_, i) => (i % 2 ? 429 : 500)));
      await shop.placeOrders(ORDERS);
    });
    expectNothingLost(outcome);
  });
});
