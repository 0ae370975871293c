import { conditions } from "../alerts/conditions";
import { clearAlert, raiseAlert } from "../alerts/store";
import { config } from "../config";
import { admitErpCall, recordErpCall, recordProbe } from "../erp/breaker";
import { erpIsHealthy, submitOrder } from "../erp/client";
import { ErpError, ErpTransientError } from "../erp/errors";
import { erpRequestBody } from "../erp/mapping";
import { afterFailedAttempt, countsAsErpFailure } from "../erp/retry-policy";
import { logger } from "../logger";
import { enqueue, ensureJob, QueueName } from "../queue";
import { stopSyncForPerson } from "./delay-notice";
import { overdueIn } from "./owed-work";
import { owesSync } from "./state-machine";
import { applyMove, loadOrder, type LoadedOrder, type OrderVersion } from "./store";

/**
 * What the sync job should do next: done (whatever the reason), or run again after `delayMs` —
 * which uses up no job attempt (the order's row records the attempts).
 */
export type SyncResult =
  | { outcome: "synced" | "stopped" | "nothing-owed" | "superseded" }
  | { outcome: "later"; delayMs: number };

/**
 * One step of recording an order in the ERP. Safe to run more than once for the same order (a
 * stalled job, a duplicate delivery, a revival): every write names the status and version it read,
 * and the ERP dedupes on the Idempotency-Key with the same body every time.
 */
export async function syncOrder(orderId: string): Promise<SyncResult> {
  const order = await loadOrder(orderId);
  if (!order) return { outcome: "nothing-owed" };
  if (order.status === "SYNCED") {
    // Synced, but its email job may be lost: the email is what it owes now.
    await ensureJob(QueueName.email, { orderId });
    return { outcome: "nothing-owed" };
  }
  if (!owesSync(order.status)) return { outcome: "nothing-owed" };
  if (order.msToDeadline <= 0) return stop(order, "SYNC_DEADLINE", order.lastError ?? "No answer from the ERP before the deadline");

  // While the breaker is open the job waits; if that outlasts the order's due time, the sweeper
  // finds the job delayed, alive, and postpones the order with the others in one statement.
  const wait = await waitForBreaker();
  return wait > 0 ? { outcome: "later", delayMs: wait } : attempt(order);
}

/**
 * 0 if an ERP call may go now, else how long to wait (spread by up to 30 %, so that the jobs held
 * back together do not all come back at once); takes the half-open probe when it is ours.
 */
async function waitForBreaker(): Promise<number> {
  const admission = await admitErpCall();
  if (admission.kind === "call") return 0;
  if (admission.kind === "probe") {
    const healthy = await erpIsHealthy();
    await recordProbe(healthy);
    if (healthy) return 0;
  }
  const wait = admission.kind === "wait" ? admission.ms : config().ERP_BREAKER_COOLDOWN_MS;
  return Math.round(wait * (1 + 0.3 * Math.random()));
}

async function attempt(order: LoadedOrder): Promise<SyncResult> {
  const number = order.syncAttempts + 1;
  const started = await applyMove(
    order,
    "startSync",
    { type: "SYNC_STARTED", message: `Sending to the ERP (attempt ${number})` },
    { dueInMs: overdueIn.calling(), countAttempt: true, erpRequest: order.erpRequest ?? erpRequestBody(order) },
  );
  if (!started) return { outcome: "superseded" };
  const syncing = { id: order.id, status: "SYNCING" as const, version: started.version };

  const clock = performance.now();
  const elapsed = () => Math.round(performance.now() - clock);
  let reference: string;
  try {
    ({ reference } = await submitOrder(started.erpRequest!, order.id));
  } catch (caught) {
    // The order's row first, the shared health figures after: what happened to the order is
    // recorded even if Redis hangs from here on.
    const error = caught instanceof ErpError ? caught : new ErpTransientError(String(caught));
    const result = await afterFailure(order, syncing, number, error, elapsed());
    await recordErpCall(countsAsErpFailure(error) ? "failed" : "ok");
    return result;
  }

  // From here on a failure is ours, not the ERP's: the job is retried, and the ERP answers the
  // retry with the same reference.
  const synced = await applyMove(
    syncing,
    "syncSucceeded",
    { type: "SYNCED", message: `Recorded in the ERP as ${reference}`, durationMs: elapsed() },
    { dueInMs: overdueIn.queued(), erpReference: reference, synced: true, lastError: null },
  );
  erpAnswered();
  await recordErpCall("ok");
  if (!synced) return { outcome: "superseded" };
  // A new job; should one already have ended under this id, the sweeper runs it again.
  await enqueue(QueueName.email, { orderId: order.id });
  return { outcome: "synced" };
}

/** The retry policy's decision for a failed attempt, written to the order. */
async function afterFailure(order: LoadedOrder, syncing: OrderVersion, attempt: number, error: ErpError, durationMs: number): Promise<SyncResult> {
  const failed = { type: "SYNC_FAILED" as const, message: error.message, durationMs };
  const decision = afterFailedAttempt(error, {
    attempt,
    msToDeadline: order.msToDeadline - durationMs,
    backoff: { baseMs: config().SYNC_BACKOFF_MS, maxMs: config().SYNC_BACKOFF_MAX_MS },
  });
  if (!decision.retry) return stop(syncing, decision.reason, error.message, failed);
  const moved = await applyMove(syncing, "scheduleRetry", failed, { dueInMs: overdueIn.after(decision.delayMs), lastError: error.message.slice(0, 1000) });
  if (decision.alarm) await erpRefusedUs(error.message);
  return moved ? { outcome: "later", delayMs: decision.delayMs } : { outcome: "superseded" };
}

const stopMessages = {
  ERP_REJECTED: "The ERP refused the order",
  IDEMPOTENCY_CONFLICT: "The ERP holds this order's key with a different body",
  SYNC_DEADLINE: "Not in the ERP by the deadline",
} as const;

/** The order stops for a person, with the reason; no job will try the ERP again on its own. */
async function stop(
  order: OrderVersion,
  reason: keyof typeof stopMessages,
  detail: string,
  failedAttempt?: { type: "SYNC_FAILED"; message: string; durationMs: number },
): Promise<SyncResult> {
  const events = [...(failedAttempt ? [failedAttempt] : []), { type: "FAILED" as const, message: `${stopMessages[reason]}: ${detail}` }];
  const moved = await stopSyncForPerson(order, reason, events, detail);
  return { outcome: moved ? "stopped" : "superseded" };
}

// Only the ERP's answers show that it refuses our credentials or path, so the sync job raises that
// alert and a successful call clears it (lib/alerts). Each at most once a second per process; the
// clear always follows this process's last success (a success inside the second is cleared at its
// end, or the last order through would leave the alert open), unless a refusal came after it.
let lastAnswer: "accepted" | "refused" = "accepted";
let raisedAt = 0;
async function erpRefusedUs(detail: string): Promise<void> {
  lastAnswer = "refused";
  if (Date.now() - raisedAt < 1_000) return;
  raisedAt = Date.now();
  await raiseAlert(conditions.erpConfiguration, { count: 0, detail });
}

let clearedAt = 0;
let clearPending = false;
function erpAnswered(): void {
  lastAnswer = "accepted";
  if (clearPending) return;
  clearPending = true;
  const clear = () => {
    clearPending = false;
    if (lastAnswer !== "accepted") return;
    clearedAt = Date.now();
    clearAlert(conditions.erpConfiguration).catch((error: unknown) => logger.warn({ err: error }, "could not clear the ERP configuration alert"));
  };
  const wait = clearedAt + 1_000 - Date.now();
  if (wait <= 0) clear();
  else setTimeout(clear, wait).unref();
}
