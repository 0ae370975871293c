import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Admission } from "@/lib/erp/breaker";

// A short window and cooldown keep the file quick; a minimum volume this large makes a fleet
// failing at random below the ratio all but certain never to open it, even on the window's first calls.
Object.assign(process.env, {
  ERP_BREAKER_WINDOW_MS: "1000",
  ERP_BREAKER_MIN_CALLS: "100",
  ERP_BREAKER_FAILURE_RATIO: "0.5",
  ERP_BREAKER_COOLDOWN_MS: "300",
  ERP_TIMEOUT_MS: "200",
});
const { config } = await import("@/lib/config");
const breaker = await import("@/lib/erp/breaker");
const { admitErpCall, breakerStatus, recordErpCall, recordProbe, resetBreaker } = breaker;

const { ERP_BREAKER_MIN_CALLS: minCalls, ERP_BREAKER_COOLDOWN_MS: cooldownMs, ERP_BREAKER_WINDOW_MS: windowMs } = config();
const probeLockMs = config().ERP_TIMEOUT_MS + 1_000;

beforeEach(() => resetBreaker());

async function openBreaker(recorder = breaker) {
  await Promise.all(Array.from({ length: minCalls }, () => recorder.recordErpCall("failed")));
  expect((await recorder.breakerStatus()).state).toBe("open");
}

function waitMs(admission: Admission): number {
  if (admission.kind !== "wait") throw new Error(`expected a wait, got ${admission.kind}`);
  return admission.ms;
}

const untilHalfOpen = () => expect.poll(async () => (await breakerStatus()).state, { interval: 20 }).toBe("half-open");

interface FleetRun {
  /** Every admission, in the order Redis decided them. */
  admissions: Admission["kind"][];
  calls: number;
  failures: number;
  /** The largest failed share the breaker saw in a window holding at least the minimum volume. */
  maxWindowRatio: number;
  /** How many times the window was looked at holding at least the minimum volume, and its most calls. */
  windowSamples: number;
  largestWindow: number;
  everOpened: boolean;
  ms: number;
}

/**
 * Callers that loop admit → ERP call → record, as workers do, against an ERP that fails at random.
 * A caller stops at its first admission that is not a call (a worker would back off); all stop once
 * enough calls were made over enough windows for the window to have slid.
 */
async function simulateFleet({ callers, failureRate, calls }: { callers: number; failureRate: number; calls: number }): Promise<FleetRun> {
  const run: FleetRun = { admissions: [], calls: 0, failures: 0, maxWindowRatio: 0, windowSamples: 0, largestWindow: 0, everOpened: false, ms: 0 };
  const started = performance.now();
  let made = 0;
  const enough = () => made >= calls && performance.now() - started >= 3 * windowMs;

  async function caller() {
    while (!enough()) {
      const admission = await admitErpCall();
      run.admissions.push(admission.kind);
      if (admission.kind !== "call") return;
      made++;
      const failed = Math.random() < failureRate;
      await sleep(5 + Math.random() * 15);
      await recordErpCall(failed ? "failed" : "ok");
      run.calls++;
      if (failed) run.failures++;
    }
  }

  let callersDone = false;
  async function watchWindow() {
    while (!callersDone) {
      const status = await breakerStatus();
      if (status.state !== "closed") run.everOpened = true;
      if (status.calls >= minCalls) {
        run.maxWindowRatio = Math.max(run.maxWindowRatio, status.failures / status.calls);
        run.windowSamples++;
        run.largestWindow = Math.max(run.largestWindow, status.calls);
      }
      await sleep(10);
    }
  }

  const watching = watchWindow();
  await Promise.all(Array.from({ length: callers }, caller));
  callersDone = true;
  await watching;
  run.ms = Math.round(performance.now() - started);
  return run;
}

describe("a fleet of callers sharing the breaker", () => {
  it("stays closed while the ERP fails a minority of calls at random", async () => {
    const run = await simulateFleet({ callers: 200, failureRate: 0.3, calls: 1_000 });
    console.info(
      `30 % failing: ${run.calls} calls, ${run.failures} failed, in ${run.ms} ms; ` +
        `window seen ${run.windowSamples} times at up to ${run.largestWindow} calls, max failed share ${run.maxWindowRatio.toFixed(3)}, opened: ${run.everOpened}`,
    );
    expect(run.calls).toBeGreaterThanOrEqual(1_000);
    expect(run.windowSamples).toBeGreaterThan(10);
    expect(run.largestWindow).toBeGreaterThan(5 * minCalls);
    expect(run.everOpened).toBe(false);
    expect(new Set(run.admissions)).toEqual(new Set(["call"]));
    expect((await breakerStatus()).state).toBe("closed");
  });

  it("opens once the minimum volume has all failed, and then admits no more calls", async () => {
    const run = await simulateFleet({ callers: 200, failureRate: 1, calls: 1_000 });
    const firstWait = run.admissions.indexOf("wait");
    const madeCalls = run.admissions.filter((kind) => kind === "call").length;
    console.info(`100 % failing: ${madeCalls} calls made (${firstWait} before the first wait), ${run.admissions.length - firstWait} waits, in ${run.ms} ms`);

    expect(firstWait).toBeGreaterThanOrEqual(minCalls);
    expect(run.admissions.slice(firstWait)).toEqual(Array(run.admissions.length - firstWait).fill("wait"));
    // Calls admitted before it opened may still finish; at most one per caller is in flight.
    expect(madeCalls).toBeLessThanOrEqual(minCalls + 200);
    // It opened on the call that made up the minimum volume; calls finishing later were not counted.
    expect(await breakerStatus()).toMatchObject({ state: "open", calls: minCalls, failures: minCalls });
  });
});

describe("half-open", () => {
  it("lets exactly one of many racing callers probe after the cooldown, and a good probe closes it", async () => {
    await openBreaker();
    expect(await admitErpCall()).toMatchObject({ kind: "wait" });
    await untilHalfOpen();

    const racing = await Promise.all(Array.from({ length: 50 }, () => admitErpCall()));
    expect(racing.filter((admission) => admission.kind === "probe")).toHaveLength(1);
    const waits = racing.filter((admission) => admission.kind === "wait").map(waitMs);
    expect(waits).toHaveLength(49);
    expect(Math.min(...waits)).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(cooldownMs);

    await recordProbe(true);
    expect(await breakerStatus()).toEqual({ state: "closed", calls: 0, failures: 0, msUntilProbe: null });
    expect(await Promise.all(Array.from({ length: 10 }, () => admitErpCall()))).toEqual(Array(10).fill({ kind: "call" }));
  });

  it("opens for another full cooldown on a failed probe", async () => {
    await openBreaker();
    await untilHalfOpen();
    expect(await admitErpCall()).toEqual({ kind: "probe" });
    const reported = performance.now();
    await recordProbe(false);
    const reopened = await breakerStatus();
    expect(reopened.state).toBe("open");
    expect(reopened.msUntilProbe).toBeLessThanOrEqual(cooldownMs);

    await expect.poll(() => admitErpCall(), { interval: 20 }).toEqual({ kind: "probe" });
    // Redis counts whole milliseconds.
    expect(performance.now() - reported).toBeGreaterThanOrEqual(cooldownMs - 1);
  });

  it("takes the probe from a holder that died without reporting once its lock expires", async () => {
    await openBreaker();
    await untilHalfOpen();
    expect(await admitErpCall()).toEqual({ kind: "probe" });
    const taken = performance.now();
    expect(await admitErpCall()).toMatchObject({ kind: "wait" });

    await expect.poll(() => admitErpCall(), { interval: 50, timeout: 5_000 }).toEqual({ kind: "probe" });
    // The lock was set in Redis before its reply reached this process.
    expect(performance.now() - taken).toBeGreaterThanOrEqual(probeLockMs - 50);
  });
});

describe("while open", () => {
  it("neither extends nor shortens the cooldown for calls that finish meanwhile, nor counts them", async () => {
    await openBreaker();
    // Timed around both reads: Redis's clock between them can only have moved less than this.
    const from = performance.now();
    const before = await breakerStatus();
    await Promise.all(Array.from({ length: 50 }, (_, i) => recordErpCall(i % 2 ? "ok" : "failed")));
    const after = await breakerStatus();
    const elapsed = performance.now() - from;

    expect(after).toMatchObject({ state: "open", calls: before.calls, failures: before.failures });
    expect(after.msUntilProbe!).toBeLessThanOrEqual(before.msUntilProbe!);
    expect(before.msUntilProbe! - after.msUntilProbe!).toBeLessThanOrEqual(elapsed + 2);
  });
});

describe("shared by processes", () => {
  it("is one breaker for two connections: calls from both count, and either sees it open and probing", async () => {
    vi.resetModules();
    const other = await import("@/lib/erp/breaker");
    expect(other.admitErpCall).not.toBe(admitErpCall);

    await Promise.all(Array.from({ length: minCalls - 1 }, (_, i) => (i % 2 ? breaker : other).recordErpCall("failed")));
    expect((await breakerStatus()).state).toBe("closed");
    await other.recordErpCall("failed");
    expect(await breakerStatus()).toMatchObject({ state: "open", calls: minCalls });
    expect(await other.admitErpCall()).toMatchObject({ kind: "wait" });

    await untilHalfOpen();
    expect(await other.admitErpCall()).toEqual({ kind: "probe" });
    expect(await admitErpCall()).toMatchObject({ kind: "wait" });
    await other.recordProbe(true);
    expect(await admitErpCall()).toEqual({ kind: "call" });
  });
});

describe("the clock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is Redis's: the caller's Date does not move the cooldown", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2001-01-01T00:00:00Z") });
    await openBreaker();
    const first = waitMs(await admitErpCall());
    expect(first).toBeLessThanOrEqual(cooldownMs);

    // A host clock an hour ahead would see the cooldown long over.
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(waitMs(await admitErpCall())).toBeLessThanOrEqual(first);

    // With the host's Date stopped, Redis's time still ends the cooldown.
    vi.setSystemTime(new Date("1990-01-01T00:00:00Z"));
    await untilHalfOpen();
    expect(await admitErpCall()).toEqual({ kind: "probe" });
  });
});
