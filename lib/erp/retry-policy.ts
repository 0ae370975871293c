import type { AttentionReason } from "../generated/prisma/enums";
import { ErpTransientError, type ErpError } from "./errors";

/**
 * What happens after a failed ERP attempt — the whole policy:
 *
 *   transient (timeout, unreachable, 5xx, 408/409/425/429) → retry after the backoff, or after the
 *                                                            ERP's Retry-After if that is longer
 *   configuration (401/403/404/405/407, other 4xx)         → the same, and an alarm for a person
 *   rejected (400/413/422)                                  → stop: a person must fix the order
 *   idempotency conflict                                    → stop: no retry can clear it
 *   past the sync deadline (SYNC_DEADLINE_MS since checkout, or since a merchant's retry)
 *                                                          → stop, whatever the error
 *
 * The backoff doubles from SYNC_BACKOFF_MS up to SYNC_BACKOFF_MAX_MS, up to 30 % shorter at random
 * so that orders that failed together do not all come back together. Retries wait as delayed jobs
 * and use up no job attempt; job attempts only count errors of our own (lib/queue.ts).
 */
export type RetryDecision =
  | { retry: true; delayMs: number; alarm: boolean }
  | { retry: false; reason: Extract<AttentionReason, "ERP_REJECTED" | "IDEMPOTENCY_CONFLICT" | "SYNC_DEADLINE"> };

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export function backoffMs(attempt: number, { baseMs, maxMs }: Backoff, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (1 - 0.3 * random()));
}

export function afterFailedAttempt(error: ErpError, { attempt, msToDeadline, backoff }: { attempt: number; msToDeadline: number; backoff: Backoff }): RetryDecision {
  if (error.kind === "rejected") return { retry: false, reason: "ERP_REJECTED" };
  if (error.kind === "conflict") return { retry: false, reason: "IDEMPOTENCY_CONFLICT" };
  const retryAfter = error instanceof ErpTransientError ? (error.retryAfterMs ?? 0) : 0;
  const delayMs = Math.max(backoffMs(attempt, backoff), retryAfter);
  if (delayMs >= msToDeadline) return { retry: false, reason: "SYNC_DEADLINE" };
  return { retry: true, delayMs, alarm: error.kind === "configuration" };
}

/** Whether the attempt counts against the ERP's health: a refused order proves the ERP is up. */
export function countsAsErpFailure(error: ErpError): boolean {
  return error.kind === "transient" || error.kind === "configuration";
}
