import { setTimeout as sleep } from "node:timers/promises";
import { evaluateAlerts } from "../lib/alerts/evaluate";
import { config } from "../lib/config";
import { logger } from "../lib/logger";
import { getQueue, QueueName } from "../lib/queue";
import { sweep } from "./sweeper";
import { startWorkers } from "./workers";

export interface DrainSummary {
  /** Stranded orders the outbox sweep queued before the run. */
  requeued: number;
  /** Carts deleted after CART_IDLE_DAYS without a change. */
  expiredCarts: number;
  completed: Record<string, number>;
  failedAttempts: Record<string, number>;
  /** Jobs left for a later run: retries waiting out their backoff. */
  delayed: Record<string, number>;
  /** True when the run stopped at DRAIN_TIMEOUT_MS or a signal, with work still due. */
  cutShort: boolean;
  durationMs: number;
}

const queues = [QueueName.erpSync, QueueName.email, QueueName.alertNotice];
const POLL_MS = 250;

/** Nothing due: no job waiting or running (a paused queue's jobs are not due). */
async function idle(): Promise<boolean> {
  for (const name of queues) {
    const queue = getQueue(name);
    if (await queue.isPaused()) continue;
    const counts = await queue.getJobCounts("waiting", "prioritized", "active");
    if (Object.values(counts).some((count) => count > 0)) return false;
  }
  return true;
}

/**
 * The cron's worker (`npm run worker -- --drain`): queues stranded orders, processes every job
 * that is due, and returns once the queues are idle, or at the deadline or `stop`.
 */
export async function drain(stop: AbortSignal): Promise<DrainSummary> {
  const started = Date.now();
  const { DRAIN_TIMEOUT_MS } = config();
  const { revived: requeued, expiredCarts } = await sweep();
  // A fleet of cron runs has no evaluator between runs: each run evaluates once and delivers what is due.
  await evaluateAlerts().catch((error: unknown) => logger.warn({ err: error }, "alert evaluation failed"));

  const running = startWorkers({ fleetTasks: false });
  const completed: Record<string, number> = {};
  const failedAttempts: Record<string, number> = {};
  for (const worker of running.workers) {
    worker.on("completed", () => void (completed[worker.name] = (completed[worker.name] ?? 0) + 1));
    worker.on("failed", () => void (failedAttempts[worker.name] = (failedAttempts[worker.name] ?? 0) + 1));
  }

  // Idle twice in a row: a job finishing now may still be queueing its follow-up (the email).
  const deadline = started + DRAIN_TIMEOUT_MS;
  let idleChecks = 0;
  while (idleChecks < 2 && Date.now() < deadline && !stop.aborted) {
    idleChecks = (await idle()) ? idleChecks + 1 : 0;
    if (idleChecks < 2) await sleep(POLL_MS, undefined, { signal: stop }).catch(() => {});
  }
  const cutShort = idleChecks < 2;
  await running.close();

  const delayed = Object.fromEntries(
    await Promise.all(queues.map(async (name) => [name, (await getQueue(name).getJobCounts("delayed")).delayed ?? 0] as const)),
  );
  return { requeued, expiredCarts, completed, failedAttempts, delayed, cutShort, durationMs: Date.now() - started };
}
