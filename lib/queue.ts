import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
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

export async function enqueue<Q extends QueueNameValue>(name: Q, orderId: string): Promise<void> {
  const { queue, redis } = producer(name);
  if (redis.status === "reconnecting" || redis.status === "end") throw new Error("Redis is unreachable");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not take the ${name} job within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
  });
  try {
    await Promise.race([queue.add(name, { orderId }, jobOptions(name, orderId)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...producers.values()].map(async ({ queue, redis }) => {
    await queue.close();
    redis.disconnect();
  }));
  producers.clear();
}
