import type { Redis } from "ioredis";
import { config } from "../config";
import { lazy } from "../lazy";
import { createRedis } from "../redis";

/**
 * A circuit breaker around the ERP, shared by every worker through Redis, so a failing ERP is not
 * hammered by the whole fleet at once.
 *
 *   closed ──(enough calls in the window, and too large a share of them failed)──► open
 *   open ──(cooldown)──► half-open: one caller probes the ERP's health; success closes, failure opens
 *
 * It opens on the share of failed calls over a sliding window, and only once the window holds a
 * minimum number of calls. Counting consecutive failures instead, with many calls in flight, an
 * ERP that fails some calls at random opens it over and over and every success closes it again;
 * a share over a window judges the ERP's health, and the minimum volume keeps a few unlucky calls
 * from deciding it.
 *
 * Each operation is one Lua script, so concurrent workers never act on a state read before another
 * changed it, and every time is Redis's own clock: hosts whose clocks disagree still agree on
 * when the cooldown ends and which calls are in the window.
 *
 * The half-open probe is a health call the caller makes, not a real order's attempt: an order
 * must not use up its attempts testing whether the ERP is back. Its lock expires in case its
 * holder dies before reporting.
 */
export type Admission = { kind: "call" } | { kind: "probe" } | { kind: "wait"; ms: number };

export interface BreakerStatus {
  state: "closed" | "open" | "half-open";
  calls: number;
  failures: number;
  /** While open: ms until a probe may go. */
  msUntilProbe: number | null;
}

/**
 * The state hash holds openUntil (absent while closed) and probeUntil (while a probe is out); the
 * window hash holds per-bucket counters c:<bucket> (calls) and f:<bucket> (failures).
 */
const PRELUDE = `
local function nowMs()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- The calls and failures in the window's buckets; buckets that left the window are deleted.
local function tally(window, now, bucketMs, buckets)
  local oldest = math.floor(now / bucketMs) - buckets + 1
  local fields = redis.call('HGETALL', window)
  local calls, failures, stale = 0, 0, {}
  for i = 1, #fields, 2 do
    local kind, bucket = string.match(fields[i], '^(%a):(%d+)$')
    if tonumber(bucket) < oldest then
      stale[#stale + 1] = fields[i]
    elseif kind == 'c' then
      calls = calls + tonumber(fields[i + 1])
    else
      failures = failures + tonumber(fields[i + 1])
    end
  end
  if #stale > 0 then redis.call('HDEL', window, unpack(stale)) end
  return calls, failures
end

local function open(state, now, cooldownMs)
  redis.call('HSET', state, 'openUntil', now + cooldownMs)
  redis.call('HDEL', state, 'probeUntil')
end
`;

/** Every script gets KEYS[1] = state, KEYS[2] = window. */
const scripts = {
  // ARGV: probe lock ms, cooldown ms
  erpBreakerAdmit: `
    local now = nowMs()
    local times = redis.call('HMGET', KEYS[1], 'openUntil', 'probeUntil')
    local openUntil, probeUntil = tonumber(times[1]), tonumber(times[2])
    if not openUntil then return {'call'} end
    if now < openUntil then return {'wait', openUntil - now} end
    -- Waiters come back when the probe's lock would expire, or after a cooldown if that is sooner:
    -- a probe that closes the breaker does not keep them waiting for the lock.
    if probeUntil and now < probeUntil then return {'wait', math.min(probeUntil - now, tonumber(ARGV[2]))} end
    redis.call('HSET', KEYS[1], 'probeUntil', now + tonumber(ARGV[1]))
    return {'probe'}`,
  // ARGV: 1 if the call failed else 0, bucket ms, buckets, min calls, failure ratio, cooldown ms
  erpBreakerRecord: `
    -- Calls that finish while it is open or half-open neither count nor move the cooldown.
    if redis.call('HEXISTS', KEYS[1], 'openUntil') == 1 then return end
    local now, bucketMs, buckets = nowMs(), tonumber(ARGV[2]), tonumber(ARGV[3])
    local bucket = math.floor(now / bucketMs)
    redis.call('HINCRBY', KEYS[2], 'c:' .. bucket, 1)
    if ARGV[1] == '1' then redis.call('HINCRBY', KEYS[2], 'f:' .. bucket, 1) end
    redis.call('PEXPIRE', KEYS[2], bucketMs * buckets)
    local calls, failures = tally(KEYS[2], now, bucketMs, buckets)
    if calls >= tonumber(ARGV[4]) and failures / calls >= tonumber(ARGV[5]) then open(KEYS[1], now, tonumber(ARGV[6])) end`,
  // ARGV: 1 if the probe succeeded else 0, cooldown ms
  erpBreakerProbe: `
    -- Closed meanwhile (a manual reset): the window decides from here.
    if redis.call('HEXISTS', KEYS[1], 'openUntil') == 0 then return end
    if ARGV[1] == '1' then
      redis.call('DEL', KEYS[1], KEYS[2])
    else
      open(KEYS[1], nowMs(), tonumber(ARGV[2]))
    end`,
  // ARGV: bucket ms, buckets
  erpBreakerStatus: `
    local now = nowMs()
    local calls, failures = tally(KEYS[2], now, tonumber(ARGV[1]), tonumber(ARGV[2]))
    local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil'))
    if not openUntil then return {'closed', calls, failures} end
    if now < openUntil then return {'open', calls, failures, openUntil - now} end
    return {'half-open', calls, failures}`,
};

type Keys = [state: string, window: string];
interface BreakerScripts {
  erpBreakerAdmit(...args: [...Keys, probeLockMs: number, cooldownMs: number]): Promise<["call" | "probe"] | ["wait", number]>;
  erpBreakerRecord(...args: [...Keys, failed: 0 | 1, bucketMs: number, buckets: number, minCalls: number, ratio: number, cooldownMs: number]): Promise<null>;
  erpBreakerProbe(...args: [...Keys, ok: 0 | 1, cooldownMs: number]): Promise<null>;
  erpBreakerStatus(...args: [...Keys, bucketMs: number, buckets: number]): Promise<[BreakerStatus["state"], number, number, number?]>;
}

const redis = lazy(() => {
  const connection = createRedis("worker");
  for (const [name, body] of Object.entries(scripts)) connection.defineCommand(name, { numberOfKeys: 2, lua: PRELUDE + body });
  return connection as Redis & BreakerScripts;
});

const keys = (): Keys => {
  const base = `${config().QUEUE_PREFIX}:erp-breaker`;
  return [`${base}:state`, `${base}:window`];
};

/** The window slides in steps of at most a tenth of it, and of at most a second. */
function windowBuckets() {
  const windowMs = config().ERP_BREAKER_WINDOW_MS;
  const bucketMs = Math.min(1_000, Math.ceil(windowMs / 10));
  return { bucketMs, buckets: Math.ceil(windowMs / bucketMs) };
}

/** May an ERP call go ahead now? One round trip. */
export async function admitErpCall(): Promise<Admission> {
  const { ERP_TIMEOUT_MS, ERP_BREAKER_COOLDOWN_MS } = config();
  // The probe's lock outlives the health call's timeout, so only a dead holder loses it.
  const [kind, ms] = await redis.erpBreakerAdmit(...keys(), ERP_TIMEOUT_MS + 1_000, ERP_BREAKER_COOLDOWN_MS);
  return kind === "wait" ? { kind, ms } : { kind };
}

/** Counts one finished ERP call in the window; may open the breaker. One round trip. */
export async function recordErpCall(outcome: "ok" | "failed"): Promise<void> {
  const { ERP_BREAKER_MIN_CALLS, ERP_BREAKER_FAILURE_RATIO, ERP_BREAKER_COOLDOWN_MS } = config();
  const { bucketMs, buckets } = windowBuckets();
  await redis.erpBreakerRecord(
    ...keys(),
    outcome === "failed" ? 1 : 0,
    bucketMs,
    buckets,
    ERP_BREAKER_MIN_CALLS,
    ERP_BREAKER_FAILURE_RATIO,
    ERP_BREAKER_COOLDOWN_MS,
  );
}

/** The half-open probe's result: closes the breaker, or opens it for another cooldown. */
export async function recordProbe(ok: boolean): Promise<void> {
  await redis.erpBreakerProbe(...keys(), ok ? 1 : 0, config().ERP_BREAKER_COOLDOWN_MS);
}

export async function breakerStatus(): Promise<BreakerStatus> {
  const { bucketMs, buckets } = windowBuckets();
  const [state, calls, failures, msUntilProbe] = await redis.erpBreakerStatus(...keys(), bucketMs, buckets);
  return { state, calls, failures, msUntilProbe: msUntilProbe ?? null };
}

/** Closed, window empty (tests and a merchant's manual reset). */
export async function resetBreaker(): Promise<void> {
  await redis.del(...keys());
}
