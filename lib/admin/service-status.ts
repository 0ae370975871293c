import { prisma } from "../db";
import { config } from "../config";
import { conditions } from "../alerts/conditions";
import { openAlert } from "../alerts/store";
import { breakerStatus, type BreakerStatus } from "../erp/breaker";
import { lazy } from "../lazy";
import { createRedis, evictionPolicy, evictionWarning, whenReady } from "../redis";
import { withTimeout } from "../with-timeout";

export type ServiceState = "ok" | "warn" | "down";

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  /** In words: why it is in this state. */
  summary: string;
}

const CHECK_TIMEOUT_MS = 2_000;
const redis = lazy(() => createRedis("producer"));

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await withTimeout(work(), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS} ms`);
  return { value, ms: Math.round(performance.now() - started) };
}

const failure = (name: string, error: unknown): ServiceStatus => ({ name, state: "down", summary: (error as Error).message });

export async function databaseStatus(): Promise<ServiceStatus> {
  try {
    const { ms } = await timed(() => prisma.$queryRaw`SELECT 1`);
    return { name: "Database", state: "ok", summary: `answers in ${ms} ms` };
  } catch (error) {
    return failure("Database", error);
  }
}

export async function redisStatus(): Promise<ServiceStatus> {
  try {
    await whenReady(redis, CHECK_TIMEOUT_MS);
    const { ms } = await timed(() => redis.ping());
    // Managed Redis may forbid CONFIG: then the policy is unknown, not wrong.
    const policy = await evictionPolicy(redis);
    if (policy === null) return { name: "Redis", state: "warn", summary: `answers in ${ms} ms; eviction policy unknown (CONFIG not allowed)` };
    if (policy !== "noeviction") return { name: "Redis", state: "down", summary: evictionWarning(policy) };
    return { name: "Redis", state: "ok", summary: `answers in ${ms} ms; maxmemory-policy noeviction` };
  } catch (error) {
    return failure("Redis", error);
  }
}

export interface ErpCallFigures {
  calls: number;
  failed: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** The worker's ERP calls of the last 15 minutes, from the orders' timelines. */
export async function recentErpCalls(): Promise<ErpCallFigures> {
  const [row] = await prisma.$queryRaw<{ calls: number; failed: number; p50: number | null; p95: number | null }[]>`
    SELECT count(*)::int AS calls,
           count(*) FILTER (WHERE type = 'SYNC_FAILED')::int AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs")::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "durationMs")::float8 AS p95
    FROM "OrderEvent"
    WHERE type IN ('SYNCED', 'SYNC_FAILED') AND "createdAt" > now() - interval '15 minutes'`;
  const round = (ms: number | null) => (ms === null ? null : Math.round(ms));
  return { calls: row?.calls ?? 0, failed: row?.failed ?? 0, p50Ms: round(row?.p50 ?? null), p95Ms: round(row?.p95 ?? null) };
}

function describeBreaker(breaker: BreakerStatus | null): string {
  if (!breaker) return "circuit breaker unknown (Redis unreachable)";
  if (breaker.state === "open") return `circuit OPEN (${breaker.failures} of ${breaker.calls} recent calls failed): next probe in ${Math.ceil((breaker.msUntilProbe ?? 0) / 1000)} s`;
  if (breaker.state === "half-open") return "circuit half-open: probing the ERP";
  return "circuit closed";
}

export async function erpStatus(): Promise<ServiceStatus & { calls: ErpCallFigures; breaker: BreakerStatus | null }> {
  const [calls, breaker, alarm] = await Promise.all([
    recentErpCalls(),
    timed(breakerStatus).then(({ value }) => value, () => null),
    timed(() => openAlert(conditions.erpConfiguration)).then(({ value }) => value, () => null),
  ]);
  const figures = calls.calls
    ? `${calls.calls} calls in 15 min, ${Math.round((100 * calls.failed) / calls.calls)}% failed, p50 ${calls.p50Ms} ms, p95 ${calls.p95Ms} ms`
    : "no calls in 15 min";
  const circuit = describeBreaker(breaker);
  const report = (state: ServiceState, reachability: string) => ({ name: "ERP", state, summary: `${reachability}; ${circuit}; ${figures}`, calls, breaker });
  try {
    const { value: response, ms } = await timed(() => fetch(new URL("/health", config().ERP_URL)));
    if (!response.ok) return report("down", `health check answered ${response.status}`);
    if (alarm) return report("down", `refusing our calls since ${alarm.openedAt.toISOString()} (${alarm.detail}); orders wait, none fails for it`);
    if (breaker?.state === "open") return report("down", `reachable in ${ms} ms`);
    const failing = breaker?.state === "half-open" || (calls.calls > 0 && calls.failed / calls.calls > 0.2);
    return report(failing ? "warn" : "ok", `reachable in ${ms} ms`);
  } catch (error) {
    return report("down", `unreachable (${(error as Error).message})`);
  }
}
