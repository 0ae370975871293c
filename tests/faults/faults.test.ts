import { once } from "node:events";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PrivatePostgres } from "../support/postgres";
import { writeReliabilityReport, type ScenarioReport } from "./report";
import { startShop, type Outcome, type Shop, type ShopOptions } from "./shop";

// Each scenario checks out a batch through POST /api/orders while something breaks, then compares
// the shop's database with the ERP's records and the mailbox: nothing lost, nothing twice.
const ORDERS = 50;
const reports: ScenarioReport[] = [];
const runStarted = performance.now();
let postgres: PrivatePostgres;

beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  const file = writeReliabilityReport(reports, {
    ordersPerScenario: ORDERS,
    postgresStartupMs: postgres?.startupMs ?? 0,
    totalSeconds: (performance.now() - runStarted) / 1000,
  });
  console.info(`reliability report: ${file}`);
}, 60_000);

interface ScenarioSpec extends ShopOptions {
  name: string;
  /** Seconds every order must have settled within once `fault` has run. */
  settleWithin: number;
}

type Note = (line: string) => void;

/**
 * Starts a shop, runs the fault, waits for every order to settle within the stated bound, then
 * checks the outcome. The scenario is reported whether it passes or fails, with its figures.
 */
async function scenario(
  { name, settleWithin, ...shopOptions }: ScenarioSpec,
  fault: (shop: Shop, note: Note) => Promise<void>,
  check: (outcome: Outcome, shop: Shop, note: Note) => Promise<void> | void,
): Promise<void> {
  const started = performance.now();
  const report: ScenarioReport = { scenario: name, settleWithinSeconds: settleWithin, seconds: 0, notes: [] };
  reports.push(report);
  const note: Note = (line) => report.notes.push(line);
  let shop: Shop | undefined;
  try {
    shop = await startShop(postgres, shopOptions);
    await fault(shop, note);
    const faultEnded = performance.now();
    await shop.settle(settleWithin * 1000);
    report.settledSeconds = (performance.now() - faultEnded) / 1000;
    report.outcome = await shop.outcome();
    await check(report.outcome, shop, note);
    report.result = "passed";
  } catch (error) {
    report.result = `FAILED: ${String((error as Error).message ?? error).split("\n").slice(0, 3).join(" ").slice(0, 400)}`;
    report.outcome ??= await shop?.outcome().catch(() => undefined);
    throw error;
  } finally {
    report.seconds = (performance.now() - started) / 1000;
    await shop?.close();
  }
}

/** The test's budget: the shop's start, the fault, the settle bound and the shop's stop. */
const budget = (faultSeconds: number, settleWithin: number) => (faultSeconds + settleWithin + 90) * 1000;

function expectNothingLost(outcome: Outcome, orders = ORDERS) {
  expect(outcome.accepted).toBe(orders);
  expect(outcome.orders).toBe(orders);
  expect(outcome.lost).toBe(0);
  expect(outcome.duplicates).toBe(0);
  expect(outcome.erpRecords).toBe(orders);
  expect(outcome.confirmed).toBe(orders);
  expect(outcome.emailsSent).toBe(orders);
  expect(outcome.emailDuplicates).toBe(0);
  expect(outcome.unmailed).toBe(0);
}

describe("fault tests", () => {
  it(
    "Redis stops during checkout and comes back empty: the sweeper re-queues from PostgreSQL",
    () =>
      scenario(
        { name: "Redis stopped during checkout, restarted (empty) later", settleWithin: 60 },
        async (shop) => {
          await shop.placeOrders(ORDERS / 2);
          await shop.redis.stop();
          await shop.placeOrders(ORDERS / 2);
          await shop.redis.start();
        },
        (outcome) => expectNothingLost(outcome),
      ),
    budget(10, 60),
  );

  it(
    "a worker SIGKILLed with ERP calls in flight: the restarted one and the other finish every order once",
    () =>
      scenario(
        { name: "A worker SIGKILLed with ERP calls in flight, restarted", settleWithin: 60, env: { ERP_LATENCY_MS: "1500" } },
        async (shop) => {
          await shop.placeOrders(ORDERS, 25);
          await shop.workers[0]!.stop("SIGKILL");
          await shop.workers[0]!.start();
        },
        (outcome) => expectNothingLost(outcome),
      ),
    budget(20, 60),
  );

  it(
    "the ERP is down for a while, then back",
    () =>
      scenario(
        { name: "ERP down for a while, then back", settleWithin: 60 },
        async (shop) => {
          await shop.erpControl({ outage: true });
          await shop.placeOrders(ORDERS);
          await shop.erpControl({ outage: false });
        },
        (outcome) => expectNothingLost(outcome),
      ),
    budget(10, 60),
  );

  it(
    "the ERP fails 30% of calls at random",
    () =>
      scenario(
        { name: "ERP failing 30% of calls at random", settleWithin: 60, env: { ERP_FAILURE_RATE: "0.3" } },
        async (shop) => {
          await shop.placeOrders(ORDERS);
        },
        (outcome) => expectNothingLost(outcome),
      ),
    budget(10, 60),
  );

  it(
    "the ERP answers after the worker gave up: the retry gets the same record",
    () =>
      scenario(
        { name: "ERP slower than the worker's timeout (records after the worker gave up)", settleWithin: 60, env: { ERP_LATENCY_MS: "1500", ERP_TIMEOUT_MS: "1000" } },
        async (shop) => {
          await shop.placeOrders(ORDERS);
        },
        (outcome) => expectNothingLost(outcome),
      ),
    budget(10, 60),
  );

  it("the web process is killed between commit and enqueue: the worker's sweeper relays the orders", async () => {
    // The web's Redis answers nothing, so every order waits after its commit for the enqueue that
    // the SIGKILL cuts short; the workers still have the real Redis.
    const blackHole = net.createServer(() => {}).listen(0, "127.0.0.1");
    await once(blackHole, "listening");
    const silentRedis = `redis://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`;
    try {
      await scenario(
        { name: "Web killed right after the order commit", settleWithin: 60 },
        async (shop) => {
          const web = shop.webs[0]!;
          web.env.REDIS_URL = silentRedis;
          await web.stop();
          await web.start();
          await shop.placeOrders(ORDERS);
          await web.stop("SIGKILL");
        },
        (outcome) => expectNothingLost(outcome),
      );
    } finally {
      blackHole.close();
    }
  }, budget(20, 60));

  it(
    "web and workers get SIGTERM mid-checkout: all stop within Upsun's 15 s grace, and restart losing nothing",
    () => {
      const stops: { code: number | null; ms: number }[] = [];
      return scenario(
        { name: "Web and both workers SIGTERMed during checkout, restarted", settleWithin: 60, env: { ERP_LATENCY_MS: "1000" } },
        async (shop, note) => {
          const processes = [shop.webs[0]!, ...shop.workers];
          const burst = shop.placeOrders(ORDERS, 5);
          await shop.placedAtLeast(ORDERS / 2);
          stops.push(...(await Promise.all(processes.map((process) => process.stop("SIGTERM", { killAfterMs: 30_000 })))));
          await burst; // requests cut off by the stop are refused, not accepted
          note(`web stopped in ${stops[0]!.ms} ms, workers in ${stops.slice(1).map((stop) => stop.ms).join(" and ")} ms`);
          await Promise.all(processes.map((process) => process.start()));
          await shop.placeOrders(ORDERS - shop.acceptedCount);
        },
        (outcome) => {
          const [web, ...workers] = stops;
          expect(web!.code).toBe(143); // Next finishes its requests, then exits as "terminated by SIGTERM"
          for (const worker of workers) expect(worker.code).toBe(0);
          for (const stop of stops) expect(stop.ms).toBeLessThan(15_000);
          // A request cut off mid-commit may still have placed its order: every order in the database counts.
          expect(outcome.accepted).toBe(ORDERS);
          expect(outcome.lost).toBe(0);
          expect(outcome.duplicates).toBe(0);
          expect(outcome.failed).toBe(0);
          expect(outcome.erpRecords).toBe(outcome.confirmed);
          expect(outcome.confirmed).toBe(outcome.orders);
          expect(outcome.emailsSent).toBe(outcome.confirmed);
          expect(outcome.emailDuplicates).toBe(0);
        },
      );
    },
    budget(40, 60),
  );

  it(
    "the email API fails with 500s and 429s, then recovers: each shopper gets one email",
    () =>
      scenario(
        { name: "Resend API failing (500, 429), then recovering", settleWithin: 60 },
        async (shop) => {
          await shop.mailbox.failNext(...Array.from({ length: 40 }, (_, i) => (i % 2 ? 429 : 500)));
          await shop.placeOrders(ORDERS);
        },
        (outcome) => expectNothingLost(outcome),
      ),
    budget(10, 60),
  );
});
