import type { Redis } from "ioredis";
import { config } from "./config";
import { lazy } from "./lazy";
import { createRedis } from "./redis";

/**
 * A circuit breaker around the ERP, shared by every worker through Redis, so a down ERP is not
 * hammered by all of them at once:
 *
 *   closed ──(ERP_BREAKER_THRESHOLD failures in a row)──► open ──(cooldown)──► half-open
 *   half-open: one call at a time probes the ERP; success closes, failure opens again.
 *
 * Only the ERP being unreachable or failing counts; an order it refuses proves it is up.
 */
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerStatus {
  state: BreakerState;
  failures: number;
  /** While open: when the next probe may go. */
  openUntil: number | null;
}

const redis = lazy((): Redis => createRedis("worker"));
const key = () => `${config().QUEUE_PREFIX}:erp-breaker`;
const probeKey = () => `${key()}:probe`;
/** How long a waiting call backs off while another one probes the ERP. */
const PROBE_WAIT_MS = 1_000;

export async function breakerStatus(): Promise<BreakerStatus> {
  const { failures, openUntil } = await redis.hgetall(key());
  const count = Number(failures ?? 0);
  if (count < config().ERP_BREAKER_THRESHOLD) return { state: "closed", failures: count, openUntil: null };
  const until = Number(openUntil ?? 0);
  return until > Date.now() ? { state: "open", failures: count, openUntil: until } : { state: "half-open", failures: count, openUntil: null };
}

/** 0 if an ERP call may go ahead now; otherwise how many ms to wait before asking again. */
export async function admitErpCall(): Promise<number> {
  const status = await breakerStatus();
  if (status.state === "closed") return 0;
  if (status.state === "open") return status.openUntil! - Date.now();
  // Half-open: the first to take the probe lock calls the ERP; the lock outlives the call's timeout.
  const probe = await redis.set(probeKey(), "1", "PX", config().ERP_TIMEOUT_MS + 1_000, "NX");
  return probe ? 0 : PROBE_WAIT_MS;
}

export async function recordErpSuccess(): Promise<void> {
  await redis.del(key(), probeKey());
}

export async function recordErpFailure(): Promise<void> {
  const { ERP_BREAKER_THRESHOLD, ERP_BREAKER_COOLDOWN_MS } = config();
  const failures = await redis.hincrby(key(), "failures", 1);
  if (failures >= ERP_BREAKER_THRESHOLD) {
    await redis.hset(key(), "openUntil", Date.now() + ERP_BREAKER_COOLDOWN_MS);
    await redis.del(probeKey());
  }
}
