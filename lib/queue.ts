import { Queue, type JobsOptions } from "bullmq";
import { config } from "./config";
import { createRedis } from "./redis";

/**
 * The queues, their job payloads and their options: shared by the web (producer) and the worker
 * (consumer), so both sides always agree on names and shapes.
 */
export const QueueName = {
  erpSync: "erp-sync",
  email: "order-email",
} as const;

export type ErpSyncJob = { orderId: string };
export type EmailJob = { orderId: string };

export interface JobPayloads {
  [QueueName.erpSync]: ErpSyncJob;
  [QueueName.email]: EmailJob;
}
export type QueueNameValue = keyof JobPayloads;

const kept = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 30 * 24 * 3600 } };

/** One job per order and queue: adding it again while it exists is a no-op. */
export function jobIdFor(queue: QueueNameValue, orderId: string): string {
  return queue === QueueName.erpSync ? orderId : `${orderId}-confirmation`;
}

export function jobOptions(queue: QueueNameValue, orderId: string): JobsOptions {
  const { SYNC_ATTEMPTS, SYNC_BACKOFF_MS } = config();
  return {
    jobId: jobIdFor(queue, orderId),
    attempts: queue === QueueName.erpSync ? SYNC_ATTEMPTS : 10,
    backoff: { type: "exponential", delay: SYNC_BACKOFF_MS, jitter: 0.3 },
    ...kept,
  };
}

const queues = new Map<QueueNameValue, Queue>();

/** The process's producer for a queue, created on first use. */
export function getQueue<Q extends QueueNameValue>(name: Q): Queue<JobPayloads[Q]> {
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: createRedis("producer"), prefix: config().QUEUE_PREFIX });
    queue.on("error", () => {}); // connection errors surface on add(); don't crash the process
    queues.set(name, queue);
  }
  return queue as Queue<JobPayloads[Q]>;
}

export async function enqueue<Q extends QueueNameValue>(name: Q, orderId: string): Promise<void> {
  const queue = getQueue(name) as Queue;
  await queue.add(name, { orderId }, jobOptions(name, orderId));
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((queue) => queue.close()));
  queues.clear();
}
