import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { config } from "./config";
import { createRedis } from "./redis";
import { withTimeout } from "./with-timeout";

/**
 * The queues, their job payloads and their options: shared by the web (producer) and the worker
 * (consumer), so both sides always agree on names and shapes.
 */
export const QueueName = {
  erpSync: "erp-sync",
  email: "order-email",
  alertNotice: "alert-notice",
} as const;

export type ErpSyncJob = { orderId: string };
/**
 * The confirmation an order owes; with `requestId`, a resend a merchant asked for (the id of that
 * request's OrderEvent); with `kind: "delayed"`, the shopper's "taking longer" email.
 */
export type EmailJob = { orderId: string; requestId?: string; kind?: "delayed" };

/** One notice about an alert on one channel, as it was when queued (lib/alerts/notices.ts delivers it). */
export type AlertNoticeJob = {
  alertId: string;
  channel: "email" | "webhook";
  kind: "opened" | "reminder" | "update" | "recovered";
  /** 1 for the first reminder, 2 for the next…; 0 otherwise. */
  reminder: number;
  /** 1 for the first update (orders that entered while the alert was open), 2 for the next…; 0 otherwise. */
  update: number;
  condition: string;
  title: string;
  count: number;
  /** For an update: how many entered since the last notice; 0 otherwise. */
  newCount: number;
  detail: string;
  link: string;
  /** When the condition started (ISO 8601). */
  since: string;
  /** When the notice was queued (ISO 8601). */
  at: string;
};

export interface JobPayloads {
  [QueueName.erpSync]: ErpSyncJob;
  [QueueName.email]: EmailJob;
  [QueueName.alertNotice]: AlertNoticeJob;
}
export type QueueNameValue = keyof JobPayloads;

const kept = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 30 * 24 * 3600 } };

/** One job per piece of work: adding it again while it exists is a no-op. */
export function jobIdFor<Q extends QueueNameValue>(queue: Q, data: JobPayloads[Q]): string {
  if (queue === QueueName.alertNotice) {
    const { alertId, kind, reminder, update, channel } = data as AlertNoticeJob;
    const number = kind === "reminder" ? `-${reminder}` : kind === "update" ? `-${update}` : "";
    return `alert-${alertId}-${kind}${number}-${channel}`;
  }
  if (queue === QueueName.erpSync) return (data as ErpSyncJob).orderId;
  const { orderId, requestId, kind } = data as EmailJob;
  if (kind === "delayed") return `${orderId}-delayed`;
  return requestId ? `${orderId}-resend-${requestId}` : `${orderId}-confirmation`;
}

/** The name jobs give as their backoff type; the worker maps it to the retry policy's backoff. */
export const JOB_BACKOFF = "capped-exponential";

/**
 * Attempts of one job. A failed ERP call or a breaker that is open delays the sync job without using
 * one (lib/erp/retry-policy.ts); these count errors of our own (the database down, a bug). An email
 * job's attempts are its sends: after the last, the order stops for a person. An alert notice's are
 * its deliveries: with the backoff's cap, a mail API or webhook down for several minutes still gets it.
 */
export const JOB_ATTEMPTS: Record<QueueNameValue, number> = { [QueueName.erpSync]: 5, [QueueName.email]: 10, [QueueName.alertNotice]: 10 };

export function jobOptions<Q extends QueueNameValue>(queue: Q, data: JobPayloads[Q]): JobsOptions {
  return { jobId: jobIdFor(queue, data), attempts: JOB_ATTEMPTS[queue], backoff: { type: JOB_BACKOFF }, ...kept };
}

const producers = new Map<QueueNameValue, { queue: Queue; redis: Redis }>();

function producer(name: QueueNameValue) {
  let entry = producers.get(name);
  if (!entry) {
    const redis = createRedis("producer");
    const queue = new Queue(name, { connection: redis, prefix: config().QUEUE_PREFIX });
    queue.on("error", () => {}); // connection errors surface on add(); don't crash the process
    entry = { queue, redis };
    producers.set(name, entry);
  }
  return entry;
}

/** The process's producer for a queue, created on first use. */
export function getQueue<Q extends QueueNameValue>(name: Q): Queue<JobPayloads[Q]> {
  return producer(name).queue as Queue<JobPayloads[Q]>;
}

/**
 * BullMQ waits for a Redis connection forever; checkout must not. A connection already known to be
 * down fails at once, and a first connection gets a short grace period.
 */
const ENQUEUE_TIMEOUT_MS = 500;

/** Runs `work` against the queue's Redis only if it may answer (work is started after the check). */
async function withinTimeout<T>(name: QueueNameValue, work: () => Promise<T>): Promise<T> {
  const { redis } = producer(name);
  if (redis.status === "reconnecting" || redis.status === "end") throw new Error("Redis is unreachable");
  return withTimeout(work(), ENQUEUE_TIMEOUT_MS, `Redis did not answer for ${name} within ${ENQUEUE_TIMEOUT_MS} ms`);
}

export async function enqueue<Q extends QueueNameValue>(name: Q, data: JobPayloads[Q]): Promise<void> {
  const queue = getQueue(name) as Queue;
  await withinTimeout(name, () => queue.add(name, data, jobOptions(name, data)));
}

/**
 * Makes sure owed work has a job that will run: adds it if Redis has none, and runs a completed or
 * failed one again with fresh attempts (the order, not the job, says the work is owed). A waiting,
 * delayed or active job is left alone.
 */
export async function ensureJob<Q extends QueueNameValue>(name: Q, data: JobPayloads[Q]): Promise<"added" | "rerun" | "alive"> {
  const queue = getQueue(name) as Queue;
  const job = await withinTimeout(name, () => queue.getJob(jobIdFor(name, data)));
  if (!job) {
    await enqueue(name, data);
    return "added";
  }
  const state = await withinTimeout(name, () => job.getState());
  if (state !== "completed" && state !== "failed") return "alive";
  try {
    await withinTimeout(name, () => job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true }));
    return "rerun";
  } catch (error) {
    // Another process ran it again between our two reads.
    if ((await withinTimeout(name, () => job.getState())) !== state) return "alive";
    throw error;
  }
}

export async function closeQueues(): Promise<void> {
  await Promise.all(
    [...producers.values()].map(async ({ queue, redis }) => {
      await queue.close();
      redis.disconnect();
    }),
  );
  producers.clear();
}
