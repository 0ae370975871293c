import { once } from "node:events";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PrivatePostgres } from "../support/postgres";
import type { Process } from "../support/process";
import { retrySyncAsMerchant } from "./merchant";
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

/**
 * The test's budget: the fault, the settle bound, and the shop's start and stop with room to spare.
 * Every wait inside has a bound of its own; this one only keeps a hung test from running forever.
 */
const budget = (faultSeconds: number, settleWithin: number) => (faultSeconds + settleWithin + 120) * 1000;

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

/** The fault's own duration (an outage that lasts a minute), not a wait for something to happen. */
const hold = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The process's JSON log lines with this `msg` (a line still being written is left out). */
function logLines(process: Process, msg: string): Record<string, unknown>[] {
  return process.output
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes(msg))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    })
    .filter((line) => line.msg === msg);
}

/** How many of the workers' log lines raise (or clear) the alarm for a misconfigured or refusing ERP. */
const erpAlarmLines = (shop: Shop, msg: "alarm raised" | "alarm cleared") =>
  shop.workers.flatMap((worker) => logLines(worker, msg)).filter((line) => line.alarm === "erp-configuration").length;

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

  it(
    "PostgreSQL restarts with orders in flight and checkouts arriving: checkouts meanwhile get 503, every accepted order is confirmed once, no process exits",
    () =>
      scenario(
        { name: "PostgreSQL restarted (down 3 s) with ERP calls in flight and checkouts arriving at two webs", settleWithin: 60, webs: 2, env: { ERP_LATENCY_MS: "1000" } },
        async (shop, note) => {
          const stopCheckouts = new AbortController();
          const checkouts = shop.placeOrders(100_000, 2, { until: stopCheckouts.signal });
          try {
            await shop.placedAtLeast(40);
            const restarting = performance.now();
            // Liveness checks nothing but the process: a probe restarting instances on it must not see them fail now.
            let down = true;
            const restarted = postgres.restart({ pauseMs: 3_000 }).finally(() => (down = false));
            const livenessDuringRestart: number[] = [];
            while (down) {
              livenessDuringRestart.push((await fetch(`${shop.webUrls[0]}/api/live`, { signal: AbortSignal.timeout(2_000) })).status);
              await Promise.race([restarted, sleep(200)]);
            }
            await restarted;
            note(`PostgreSQL stopped, down 3 s and started again in ${((performance.now() - restarting) / 1000).toFixed(1)} s; GET /api/live answered ${livenessDuringRestart.length} times meanwhile`);
            expect(livenessDuringRestart.length, "GET /api/live was asked during the restart").toBeGreaterThan(5);
            expect(new Set(livenessDuringRestart), "GET /api/live answers 200 while PostgreSQL is down").toEqual(new Set([200]));
            await shop.placedAtLeast(shop.acceptedCount + 20); // checkouts are taken again afterwards
          } finally {
            stopCheckouts.abort();
            await checkouts;
          }
        },
        (outcome, shop) => {
          for (const process of [...shop.webs, ...shop.workers]) expect(process.running, "a web or worker process exited").toBe(true);
          expect(outcome.refused, "no checkout arrived while PostgreSQL was down").toBeGreaterThan(0);
          expect(outcome.refusals, "checkouts while PostgreSQL was down are answered 503").toEqual({ "503": outcome.refused });
          expectNothingLost(outcome, outcome.accepted);
          expect(outcome.accepted).toBeGreaterThanOrEqual(60);
        },
      ),
    budget(30, 60),
  );

  it(
    "the ERP answers 401 for a minute, then recovers: no order fails, the alarm is raised and then cleared",
    () => {
      let raisedDuringOutage = 0;
      let clearedBeforeRecovery = 0;
      return scenario(
        { name: "ERP answering 401 for a minute, then recovering", settleWithin: 30 },
        async (shop, note) => {
          await shop.erpControl({ outage: true, outageStatus: 401 });
          const outageStarted = performance.now();
          await shop.placeOrders(ORDERS);
          await hold(60_000 - (performance.now() - outageStarted));
          raisedDuringOutage = erpAlarmLines(shop, "alarm raised");
          clearedBeforeRecovery = erpAlarmLines(shop, "alarm cleared");
          note(`during the outage: ${raisedDuringOutage} "alarm raised" lines, ${clearedBeforeRecovery} "alarm cleared"`);
          await shop.erpControl({ outage: false });
        },
        (outcome, shop, note) => {
          const cleared = erpAlarmLines(shop, "alarm cleared");
          note(`after recovery: ${cleared - clearedBeforeRecovery} "alarm cleared" lines`);
          expect(outcome.failed, "orders FAILED on a 401").toBe(0);
          expectNothingLost(outcome);
          expect(raisedDuringOutage, "erp-configuration alarm raised while the ERP answered 401").toBeGreaterThan(0);
          expect(cleared - clearedBeforeRecovery, "erp-configuration alarm cleared once the ERP answered again").toBeGreaterThan(0);
        },
      );
    },
    budget(70, 30),
  );

  it(
    "the ERP fails 30% of 1,000 orders' calls at concurrency 200: the breaker stays closed and the workers use what the ERP can give",
    () => {
      const CONCURRENCY_PER_WORKER = 100;
      // Long enough that the ERP, not this 2-core machine's CPU, bounds the rate: completions come
      // in waves, and refilling 200 slots after one costs the whole shop's CPU (two workers, emails,
      // PostgreSQL, the simulator) for a while; at 1.5 s that was most of each wave, with the
      // breaker closed throughout (docs/benchmarks: CPU per order).
      const LATENCY_MS = 4_000;
      const LOAD = 1_000;
      const concurrency = 2 * CONCURRENCY_PER_WORKER;
      const samples: { at: number; records: number; inFlight: number; backlog: number }[] = [];
      const circuitReports: string[] = [];
      let healthSamples = 0;
      let breakerSamples = 0;
      let breakerOpenSamples = 0;
      let sampling = false;
      let sampler: Promise<unknown> = Promise.resolve();
      return scenario(
        {
          name: `ERP failing 30% at random: ${LOAD} orders waiting for 2 workers × ${CONCURRENCY_PER_WORKER} concurrent, ERP latency ${LATENCY_MS / 1000} s`,
          settleWithin: 120,
          env: { WORKER_CONCURRENCY: String(CONCURRENCY_PER_WORKER), ERP_LATENCY_MS: String(LATENCY_MS), ERP_FAILURE_RATE: "0.3", ERP_RATE_LIMIT_PER_SECOND: "5000", ERP_TIMEOUT_MS: "10000", JOB_LOCK_MS: "10000" },
        },
        async (shop) => {
          // The orders wait for the workers all at once, so that the workers have more than they
          // can take from the first moment (checkout on this machine is slower than the ERP).
          await Promise.all(shop.workers.map((worker) => worker.stop()));
          await shop.placeOrders(LOAD, 50);
          // From now until every order has settled: the ERP's figures and the backlog, and the
          // shop's own view of the breaker (GET /api/health), every 500 ms.
          const sampleErp = async () => {
            for (; sampling; await hold(500)) {
              const [stats, { rows }] = await Promise.all([
                shop.erpStats(),
                shop.db.query<{ backlog: number }>(`SELECT count(*)::int AS backlog FROM "Order" WHERE status::text IN ('RECEIVED', 'SYNCING', 'SYNC_RETRYING')`),
              ]);
              samples.push({ at: performance.now(), records: stats.records, inFlight: stats.inFlight, backlog: rows[0]!.backlog });
            }
          };
          const sampleBreaker = async () => {
            for (; sampling; await hold(500)) {
              // A health check the busy web did not answer within 5 s (its body included) is no sample.
              const response = await fetch(`${shop.webUrls[0]}/api/health`, {
                headers: { authorization: `Bearer ${shop.env.METRICS_TOKEN}` },
                signal: AbortSignal.timeout(5_000),
              }).catch(() => undefined);
              const health = (await response?.json().catch(() => undefined)) as { checks: { name: string; summary: string }[] } | undefined;
              if (!health) continue;
              const erp = health.checks.find((check) => check.name === "ERP")?.summary ?? "";
              healthSamples++;
              if (/circuit (open|half-open)/i.test(erp)) circuitReports.push(erp);
            }
          };
          // The breaker's own state in Redis, every 100 ms: open is a set `openUntil`.
          const breakerState = `${shop.env.QUEUE_PREFIX}:erp-breaker:state`;
          const sampleBreakerState = async () => {
            for (; sampling; await hold(100)) {
              const openUntil = await shop.redisCommand("HGET", breakerState, "openUntil").catch(() => undefined);
              if (openUntil === undefined) continue;
              breakerSamples++;
              if (openUntil !== null) breakerOpenSamples++;
            }
          };
          sampling = true;
          sampler = Promise.all([sampleErp(), sampleBreaker(), sampleBreakerState()]);
          sampler.catch(() => {}); // awaited by the check; a sample cut short by a failed scenario does not matter
          await Promise.all(shop.workers.map((worker) => worker.start()));
        },
        async (outcome, shop, note) => {
          sampling = false;
          await sampler;
          expectNothingLost(outcome, LOAD);
          // Saturated: from the first sample with half the concurrency in flight (both workers are up)
          // to the last one with at least as many orders owed an ERP call as the workers can have in
          // flight: all along, the workers have more work than calls they may make.
          const first = samples.findIndex((sample) => sample.inFlight >= 0.5 * concurrency);
          const last = samples.findLastIndex((sample) => sample.backlog >= concurrency);
          const window = first >= 0 && last > first ? samples.slice(first, last + 1) : [];
          const seconds = window.length ? (window.at(-1)!.at - window[0]!.at) / 1000 : 0;
          const rate = seconds ? (window.at(-1)!.records - window[0]!.records) / seconds : 0;
          const capacity = (0.7 * concurrency) / (LATENCY_MS / 1000);
          const inFlight = window.map((sample) => sample.inFlight);
          // Completions arrive in waves, and refilling the slots after one costs this machine's CPU.
          const stalls = window.filter((sample) => sample.inFlight < 0.5 * concurrency).length;
          note(
            `saturated for ${seconds.toFixed(1)} s: ${rate.toFixed(1)} ERP successes/s of ${capacity.toFixed(1)} the ERP can give (${((100 * rate) / capacity).toFixed(0)} %); ` +
              `ERP calls in flight meanwhile ${inFlight.length ? `${Math.min(...inFlight)}–${Math.max(...inFlight)}` : "–"}, at most ${Math.max(0, ...samples.map((sample) => sample.inFlight))} in the whole run`,
          );
          const breakerLines = shop.workers.flatMap((worker) => worker.output.split("\n").filter((line) => /(circuit|breaker)[^"]*open/i.test(line)));
          note(
            `breaker: open in ${breakerOpenSamples} of ${breakerSamples} samples of its state in Redis (every 100 ms); ${circuitReports.length} of ${healthSamples} health samples report the circuit open or half-open; ` +
              `${breakerLines.length} worker log lines say it opened; ${stalls} of ${window.length} samples while saturated have under half the concurrency in flight`,
          );
          expect(breakerSamples, "the breaker's state was read while the orders drained").toBeGreaterThan(0);
          expect(breakerOpenSamples, "samples of the breaker's state in Redis that found it open").toBe(0);
          expect(healthSamples, "GET /api/health answered while the orders drained").toBeGreaterThan(0);
          expect(circuitReports, "GET /api/health reported the ERP circuit open").toEqual([]);
          expect(breakerLines, "the workers logged the circuit opening").toEqual([]);
          expect(seconds, "the workers were saturated for at least 5 s").toBeGreaterThanOrEqual(5);
          expect(rate, "ERP successes per second while saturated").toBeGreaterThanOrEqual(0.8 * capacity);
        },
      ).finally(async () => {
        sampling = false;
        await sampler.catch(() => {});
      });
    },
    budget(120, 120),
  );

  const RETRY_BOUND_S = 20;
  it(
    "a worker SIGKILLed right after the final attempt's FAILED write, then Retry sync: the order is confirmed, recorded once",
    () => {
      const REJECTED_POSTAL_CODE = "99999";
      let queue: Queue | undefined;
      return scenario(
        { name: "Worker SIGKILLed right after an order's FAILED write (Redis frozen), then Retry sync", settleWithin: RETRY_BOUND_S, env: { ERP_TIMEOUT_MS: "10000" } },
        async (shop, note) => {
          const [taker, rescuer] = shop.workers as [Process, Process];
          await shop.erpControl({ rejectPostalCodes: [REJECTED_POSTAL_CODE], latencyMs: 3_000 });
          rescuer.signal("SIGSTOP"); // so that `taker` is the worker that takes the order's job
          const [token] = await shop.placeOrders(1, 1, { postalCode: REJECTED_POSTAL_CODE });
          await expect.poll(async () => (await shop.erpStats()).inFlight, { timeout: 10_000, message: "the order's ERP call never started" }).toBe(1);
          rescuer.signal("SIGCONT");
          shop.redis.signal("SIGSTOP");
          await expect
            .poll(async () => (await shop.order(token!)).status, { timeout: 15_000, message: "the worker never wrote FAILED while Redis was frozen" })
            .toBe("FAILED");
          const order = await shop.order(token!);
          note(`FAILED with ${order.attentionReason ?? "no attentionReason"}: ${order.lastError}`);
          await taker.stop("SIGKILL");
          shop.redis.signal("SIGCONT");

          queue = new Queue("erp-sync", { connection: { host: "127.0.0.1", port: Number(new URL(shop.env.REDIS_URL!).port) }, prefix: shop.env.QUEUE_PREFIX });
          await expect
            .poll(async () => (await queue!.getJob(order.id))?.getState(), { timeout: 30_000, message: "the other worker never took over the stalled job" })
            .toMatch(/^(completed|failed)$/);
          await shop.erpControl({ rejectPostalCodes: [], latencyMs: 50 });
          const retried = await retrySyncAsMerchant(shop, order.id);
          note(`Retry sync said: ${retried.message}`);
          expect(retried.ok).toBe(true);
        },
        (outcome) => {
          expectNothingLost(outcome, 1);
          expect(outcome.delayNotices).toBeLessThanOrEqual(1); // told once at most while it waited, then confirmed
        },
      ).finally(() => queue?.close());
    },
    budget(60, RETRY_BOUND_S),
  );

  it(
    "Resend hangs for a minute: a worker SIGTERMed meanwhile exits within 15 s, and every shopper gets one email",
    () => {
      let stop: { code: number | null; ms: number; killed: boolean } | undefined;
      return scenario(
        // Backoff long enough that ten email attempts outlast the minute, as production's do.
        { name: "Resend hanging for a minute (EMAIL_TIMEOUT_MS 2 s), a worker SIGTERMed during it", settleWithin: 45, env: { EMAIL_TIMEOUT_MS: "2000", SYNC_BACKOFF_MS: "1000", SYNC_BACKOFF_MAX_MS: "15000" } },
        async (shop, note) => {
          await shop.mailbox.hang(true);
          const hangStarted = performance.now();
          await shop.placeOrders(ORDERS);
          await expect.poll(() => shop.mailbox.held(), { timeout: 20_000, message: "no email reached the hanging mail API" }).toBeGreaterThan(0);
          stop = await shop.workers[0]!.stop("SIGTERM", { killAfterMs: 30_000 });
          note(stop.killed ? "the SIGTERMed worker was still running after 30 s and was SIGKILLed" : `the SIGTERMed worker exited (${stop.code}) in ${(stop.ms / 1000).toFixed(1)} s`);
          await shop.workers[0]!.start();
          await hold(60_000 - (performance.now() - hangStarted));
          await shop.mailbox.hang(false);
        },
        (outcome) => {
          expect(stop!.killed, "the SIGTERMed worker did not exit within 30 s").toBe(false);
          expect(stop!.ms).toBeLessThan(15_000);
          expect(stop!.code).toBe(0);
          expectNothingLost(outcome);
        },
      );
    },
    budget(100, 45),
  );

  it(
    "a database in America/New_York: stranded orders are re-queued within seconds, timelines are in causal order, times are right",
    () => {
      const testStarted = Date.now();
      let requeueSeconds: number | undefined;
      return scenario(
        { name: "Database TimeZone America/New_York, Redis stopped during part of the checkout", settleWithin: 60, timeZone: "America/New_York" },
        async (shop, note) => {
          await shop.placeOrders(ORDERS / 2);
          await shop.redis.stop();
          const stranded = await shop.placeOrders(ORDERS / 2);
          await shop.redis.start();
          const redisBack = performance.now();
          await expect
            .poll(async () => (await shop.db.query(`SELECT 1 FROM "Order" WHERE "publicToken" = ANY($1) AND status = 'RECEIVED'`, [stranded])).rowCount, {
              timeout: 30_000,
              interval: 100,
              message: "orders stranded while Redis was down were not taken up within 30 s",
            })
            .toBe(0);
          requeueSeconds = (performance.now() - redisBack) / 1000;
          note(`the ${stranded.length} stranded orders were taken up ${requeueSeconds.toFixed(1)} s after Redis came back`);
        },
        async (outcome, shop, note) => {
          expectNothingLost(outcome);
          expect(requeueSeconds).toBeLessThan(15);
          // Epoch seconds, whether the columns are timestamptz or timestamps kept in UTC.
          const { rows: times } = await shop.db.query<{ created: number; synced: number }>(
            `SELECT extract(epoch FROM "createdAt")::float8 * 1000 AS created, extract(epoch FROM "syncedAt")::float8 * 1000 AS synced FROM "Order"`,
          );
          const { rows: events } = await shop.db.query<{ orderId: string; types: string[] }>(
            `SELECT "orderId", array_agg(type::text ORDER BY "createdAt", array_position(ARRAY['RECEIVED','SYNC_STARTED','SYNCED','EMAIL_SENT'], type::text)) AS types
             FROM "OrderEvent" WHERE type::text IN ('RECEIVED', 'SYNC_STARTED', 'SYNCED', 'EMAIL_SENT') GROUP BY "orderId"`,
          );
          const now = Date.now();
          const offClock = times.filter(({ created }) => created < testStarted - 60_000 || created > now + 60_000);
          const syncDelays = times.map(({ created, synced }) => (synced - created) / 1000);
          const outOfOrder = events.filter(({ types }) => types.filter((type, i) => type !== types[i - 1]).join() !== "RECEIVED,SYNC_STARTED,SYNCED,EMAIL_SENT");
          note(
            `createdAt off the test's clock by more than a minute: ${offClock.length} orders` +
              (offClock[0] ? ` (e.g. by ${((offClock[0].created - testStarted) / 3_600_000).toFixed(2)} h)` : "") +
              `; syncedAt − createdAt from ${Math.min(...syncDelays).toFixed(1)} to ${Math.max(...syncDelays).toFixed(1)} s` +
              `; timelines out of causal order: ${outOfOrder.length}` +
              (outOfOrder[0] ? ` (e.g. ${outOfOrder[0].types.join(" → ")})` : ""),
          );
          expect(events.length).toBe(ORDERS);
          expect(outOfOrder.map(({ types }) => types.join(" → ")), "timelines out of causal order").toEqual([]);
          expect(offClock.length, "orders whose createdAt is more than a minute off the test's clock").toBe(0);
          for (const delay of syncDelays) {
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThan(60);
          }
        },
      );
    },
    budget(40, 60),
  );

  it(
    "Redis restarted (empty) in the middle of a sweep: every stranded order is still confirmed once",
    () => {
      const STRANDED = 300;
      return scenario(
        { name: `Redis restarted (empty) in the middle of the sweep of ${STRANDED} stranded orders`, settleWithin: 90 },
        async (shop, note) => {
          await shop.redis.stop();
          await shop.placeOrders(STRANDED, 20);
          await shop.redis.start();
          const requeued = async () => (await shop.db.query(`SELECT count(*)::int AS n FROM "OrderEvent" WHERE type = 'QUEUED'`)).rows[0].n as number;
          await expect.poll(requeued, { timeout: 20_000, interval: 10, message: "the sweep never began" }).toBeGreaterThan(0);
          await shop.redis.stop();
          note(`Redis stopped once the sweep had re-queued ${await requeued()} of ${STRANDED} orders`);
          await shop.redis.start();
        },
        (outcome) => expectNothingLost(outcome, STRANDED),
      );
    },
    budget(40, 90),
  );

  it(
    "the ERP rejects one order (422) while the others pass: that order alone stops, with the ERP's reason",
    () => {
      const REJECTED_POSTAL_CODE = "99999";
      let rejected: string | undefined;
      return scenario(
        { name: "ERP rejecting one order (422 invalid_postal_code), the rest passing", settleWithin: 30 },
        async (shop) => {
          await shop.erpControl({ rejectPostalCodes: [REJECTED_POSTAL_CODE] });
          await shop.placeOrders(ORDERS - 1);
          [rejected] = await shop.placeOrders(1, 1, { postalCode: REJECTED_POSTAL_CODE });
        },
        async (outcome, shop, note) => {
          const order = await shop.order(rejected!);
          note(`the rejected order: ${order.status}, attentionReason ${order.attentionReason}, lastError "${order.lastError}"`);
          expect(order.status).toBe("FAILED");
          expect(order.attentionReason).toBe("ERP_REJECTED");
          expect(order.lastError).toMatch(/postal code|invalid_postal_code/i);
          expect(outcome.accepted).toBe(ORDERS);
          expect(outcome.confirmed).toBe(ORDERS - 1);
          expect(outcome.stopped).toEqual({ "FAILED/ERP_REJECTED": 1 });
          expect(outcome.erpRecords).toBe(ORDERS - 1);
          expect(outcome.duplicates).toBe(0);
          expect(outcome.lost).toBe(0);
          expect(outcome.emailsSent).toBe(ORDERS - 1);
          expect(outcome.emailDuplicates).toBe(0);
          // Its shopper is told it takes longer, by an email job that may finish after the orders settle.
          await expect.poll(async () => (await shop.outcome()).delayNotices, { timeout: 15_000 }).toBe(1);
        },
      );
    },
    budget(10, 30),
  );
});
