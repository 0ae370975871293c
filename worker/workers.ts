import { DelayedError, MetricsTime, Worker, type Job } from "bullmq";
import { evaluateAlerts } from "../lib/alerts/evaluate";
import { deliverNotice } from "../lib/alerts/notices";
import { config } from "../lib/config";
import { backoffMs } from "../lib/erp/retry-policy";
import { logger, withLogContext } from "../lib/logger";
import { jobDuration } from "../lib/metrics";
import { QueueName, type AlertNoticeJob, type EmailJob, type ErpSyncJob, type QueueNameValue } from "../lib/queue";
import { createRedis } from "../lib/redis";
import { sendDelayNotice } from "../lib/orders/delay-notice";
import { sendConfirmation } from "../lib/orders/send-confirmation";
import { syncOrder } from "../lib/orders/sync";
import { startFleetTask } from "./fleet-task";
import { sweep } from "./sweeper";

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, lets active ones finish, closes connections. */
  close(): Promise<void>;
}

/** What a job's log lines name besides the job: its order, or its alert. */
type JobSubject = { orderId: string } | { alertId: string };
const subjectOf = (data: JobSubject) => ("orderId" in data ? { orderId: data.orderId } : { alertId: data.alertId });

/** Every line a job logs names its order (or alert) and job; every attempt is timed by outcome. */
function instrumented<T extends JobSubject>(queue: QueueNameValue, run: (job: Job<T>, token?: string) => Promise<unknown>) {
  return (job: Job<T>, token?: string) =>
    withLogContext({ queue, jobId: job.id, ...subjectOf(job.data) }, async () => {
      const observe = jobDuration.startTimer({ queue });
      try {
        const result = await run(job, token);
        observe({ outcome: "completed" });
        return result;
      } catch (error) {
        observe({ outcome: error instanceof DelayedError ? "delayed" : "failed" });
        throw error;
      }
    });
}

/** The order's row already says what happened; a retry or an open breaker delays the job itself. */
async function processSync(job: Job<ErpSyncJob>, token?: string) {
  const result = await syncOrder(job.data.orderId);
  if (result.outcome !== "later") return result.outcome;
  await job.moveToDelayed(Date.now() + result.delayMs, token);
  throw new DelayedError();
}

function processEmail(job: Job<EmailJob>) {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return job.data.kind === "delayed" ? sendDelayNotice(job.data.orderId, { lastAttempt }) : sendConfirmation(job.data, { lastAttempt });
}

/** A failed delivery throws: the job retries it with backoff, on its own, apart from any order. */
function processAlertNotice(job: Job<AlertNoticeJob>) {
  return deliverNotice(job.data, job.id!);
}

/**
 * Starts the ERP sync, email and alert-notice consumers and, unless `fleetTasks` is false (drain
 * mode runs each once itself), the fleet's periodic tasks, each on one worker at a time: the sweeper
 * that gives overdue work its job again, and the alert evaluator.
 */
export function startWorkers({ fleetTasks = true }: { fleetTasks?: boolean } = {}): RunningWorkers {
  const { QUEUE_PREFIX, WORKER_CONCURRENCY, EMAIL_CONCURRENCY, ERP_RATE_LIMIT_PER_SECOND, JOB_LOCK_MS, SYNC_BACKOFF_MS, SYNC_BACKOFF_MAX_MS, SWEEP_INTERVAL_MS, ALERT_INTERVAL_MS } =
    config();
  const common = {
    prefix: QUEUE_PREFIX,
    connection: createRedis("worker"),
    // Per-minute completed/failed counts for a week, which the admin's queue panel reads.
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    lockDuration: JOB_LOCK_MS,
    stalledInterval: JOB_LOCK_MS,
    settings: { backoffStrategy: (attemptsMade: number) => backoffMs(attemptsMade, { baseMs: SYNC_BACKOFF_MS, maxMs: SYNC_BACKOFF_MAX_MS }) },
  };

  const workers = [
    new Worker<ErpSyncJob>(QueueName.erpSync, instrumented(QueueName.erpSync, processSync), {
      ...common,
      concurrency: WORKER_CONCURRENCY,
      limiter: { max: ERP_RATE_LIMIT_PER_SECOND, duration: 1_000 },
    }),
    new Worker<EmailJob>(QueueName.email, instrumented(QueueName.email, processEmail), { ...common, concurrency: EMAIL_CONCURRENCY }),
    new Worker<AlertNoticeJob>(QueueName.alertNotice, instrumented(QueueName.alertNotice, processAlertNotice), { ...common, concurrency: 2 }),
  ] as Worker<JobSubject>[];
  for (const worker of workers) {
    worker.on("failed", (job, error) =>
      logger.warn({ queue: worker.name, jobId: job?.id, ...(job && subjectOf(job.data)), attempt: job?.attemptsMade, err: error }, "job attempt failed"),
    );
    worker.on("completed", (job, result) =>
      logger.info({ queue: worker.name, jobId: job.id, ...subjectOf(job.data), result }, "job completed"),
    );
    worker.on("error", (error) => logger.error({ queue: worker.name, err: error }, "worker error"));
  }

  const tasks = fleetTasks
    ? [
        startFleetTask("sweep", SWEEP_INTERVAL_MS, async () => {
          const summary = await sweep();
          const { checked: _checked, ...changed } = summary;
          if (Object.values(changed).some((count) => count > 0)) logger.info(summary, "sweep finished");
        }),
        startFleetTask("alert-evaluation", ALERT_INTERVAL_MS, async () => {
          await evaluateAlerts();
        }),
      ]
    : [];

  return {
    workers,
    async close() {
      await Promise.all(tasks.map((task) => task.stop()));
      await Promise.all(workers.map((worker) => worker.close()));
      await common.connection.quit();
    },
  };
}
