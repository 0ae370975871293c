import { MetricsTime, RateLimitError, UnrecoverableError, Worker, type Job } from "bullmq";
import { config } from "../lib/config";
import { logger, withLogContext } from "../lib/logger";
import { jobDuration } from "../lib/metrics";
import { cappedBackoff, QueueName, type EmailJob, type ErpSyncJob, type QueueNameValue } from "../lib/queue";
import { createRedis } from "../lib/redis";
import { sendConfirmation } from "../lib/orders/send-confirmation";
import { sweepStrandedOrders } from "../lib/orders/sweep";
import { syncOrderToErp } from "../lib/orders/sync-to-erp";

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, lets active ones finish, closes connections. */
  close(): Promise<void>;
}

/** Every line a job logs names its order and job; every attempt is timed by outcome. */
function instrumented<T extends { orderId: string }>(queue: QueueNameValue, run: (job: Job<T>) => Promise<unknown>) {
  return (job: Job<T>) =>
    withLogContext({ queue, jobId: job.id, orderId: job.data.orderId }, async () => {
      const observe = jobDuration.startTimer({ queue });
      try {
        const result = await run(job);
        observe({ outcome: "completed" });
        return result;
      } catch (error) {
        observe({ outcome: error instanceof RateLimitError ? "deferred" : "failed" });
        throw error;
      }
    });
}

async function processSync(worker: Worker<ErpSyncJob>, job: Job<ErpSyncJob>) {
  const result = await syncOrderToErp({
    orderId: job.data.orderId,
    attempt: job.attemptsMade + 1,
    maxAttempts: job.opts.attempts ?? 1,
  });
  // The order's status already says what happened; these tell BullMQ whether to try again.
  switch (result.outcome) {
    case "retry":
      throw result.error;
    case "failed":
      throw new UnrecoverableError(result.error.message);
    case "deferred":
      // Breaker open: this worker takes no ERP job until the next probe is due; no attempt is used.
      await worker.rateLimit(result.retryAfterMs);
      throw Worker.RateLimitError();
    default:
      return result.outcome;
  }
}

/**
 * Starts the ERP sync and email consumers and, unless `sweep` is false (drain mode sweeps once
 * itself), the sweeper that re-queues stranded orders.
 */
export function startWorkers({ sweep = true }: { sweep?: boolean } = {}): RunningWorkers {
  const { QUEUE_PREFIX, WORKER_CONCURRENCY, EMAIL_CONCURRENCY, SWEEP_AFTER_MS, SWEEP_INTERVAL_MS, ERP_RATE_LIMIT_PER_SECOND, JOB_LOCK_MS, SYNC_BACKOFF_MS, SYNC_BACKOFF_MAX_MS } =
    config();
  const common = {
    prefix: QUEUE_PREFIX,
    connection: createRedis("worker"),
    // Per-minute completed/failed counts for a week, which the admin's queue panel reads.
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    lockDuration: JOB_LOCK_MS,
    stalledInterval: JOB_LOCK_MS,
    settings: { backoffStrategy: (attemptsMade: number) => cappedBackoff(attemptsMade, SYNC_BACKOFF_MS, SYNC_BACKOFF_MAX_MS) },
  };

  const syncWorker: Worker<ErpSyncJob> = new Worker<ErpSyncJob>(QueueName.erpSync, instrumented(QueueName.erpSync, (job) => processSync(syncWorker, job)), {
    ...common,
    concurrency: WORKER_CONCURRENCY,
    limiter: { max: ERP_RATE_LIMIT_PER_SECOND, duration: 1_000 },
  });
  const workers = [
    syncWorker,
    new Worker<EmailJob>(QueueName.email, instrumented(QueueName.email, (job) => sendConfirmation(job.data)), {
      ...common,
      concurrency: EMAIL_CONCURRENCY,
    }),
  ];
  for (const worker of workers) {
    worker.on("failed", (job, error) =>
      logger.warn({ queue: worker.name, jobId: job?.id, orderId: job?.data.orderId, attempt: job?.attemptsMade, err: error }, "job attempt failed"),
    );
    worker.on("completed", (job, result) =>
      logger.info({ queue: worker.name, jobId: job.id, orderId: job.data.orderId, result }, "job completed"),
    );
    worker.on("error", (error) => logger.error({ queue: worker.name, err: error }, "worker error"));
  }

  // One sweep at a time: the next is scheduled only when the previous one has finished.
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const scheduleSweep = () => {
    sweeper = setTimeout(() => {
      sweeping = sweepStrandedOrders({ olderThanMs: SWEEP_AFTER_MS })
        .catch((error: unknown) => logger.warn({ err: error }, "sweep failed; will try again"))
        .finally(() => stopped || scheduleSweep());
    }, SWEEP_INTERVAL_MS);
  };
  if (sweep) scheduleSweep();

  return {
    workers,
    async close() {
      stopped = true;
      clearTimeout(sweeper);
      await sweeping;
      await Promise.all(workers.map((worker) => worker.close()));
      await common.connection.quit();
    },
  };
}
