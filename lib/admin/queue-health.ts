import { prisma } from "../db";
import type { Metrics } from "bullmq";
import { getQueue, QueueName, type QueueNameValue } from "../queue";

export interface QueueHealth {
  name: QueueNameValue;
  counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  isPaused: boolean;
  /** Age of the oldest job still waiting: how far behind the workers are. */
  oldestWaitingMs: number | null;
  workers: number;
  /** Jobs in the last hour, from BullMQ's per-minute metrics (kept by the worker). */
  completedLastHour: number;
  failedLastHour: number;
}

/** What BullMQ holds for a queue, read straight from Redis. */
export async function queueHealth(name: QueueNameValue): Promise<QueueHealth> {
  const queue = getQueue(name);
  const [counts, isPaused, oldest, workers, completed, failed] = await Promise.all([
    queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed", "completed"),
    queue.isPaused(),
    queue.getJobs(["waiting"], 0, 0, true),
    queue.getWorkersCount(),
    queue.getMetrics("completed", 0, 59),
    queue.getMetrics("failed", 0, 59),
  ]);
  const count = (state: string) => counts[state] ?? 0;
  return {
    name,
    counts: {
      waiting: count("waiting") + count("prioritized"),
      active: count("active"),
      delayed: count("delayed"),
      failed: count("failed"),
      completed: count("completed"),
    },
    isPaused,
    oldestWaitingMs: oldest[0] ? Date.now() - oldest[0].timestamp : null,
    workers,
    completedLastHour: lastHour(completed),
    failedLastHour: lastHour(failed),
  };
}

/**
 * BullMQ closes a minute's data point only when a job finishes in a later minute, so the jobs of
 * the minute still open are the running count less the count at the last closed point.
 */
function lastHour({ data, meta }: Metrics): number {
  const open = Number(meta.count) - Number(meta.prevCount);
  return data.reduce((sum, perMinute) => sum + perMinute, 0) + (Number.isFinite(open) ? open : 0);
}

export const allQueues = (): Promise<QueueHealth[]> => Promise.all([queueHealth(QueueName.erpSync), queueHealth(QueueName.email)]);

export interface MinuteOfSync {
  minute: string;
  synced: number;
  /** Average time from checkout to ERP record of the orders synced in that minute. */
  avgTimeToSyncMs: number | null;
}

/** Orders synced per minute and their time to sync, for the last hour, from PostgreSQL. */
export async function syncHistory(): Promise<MinuteOfSync[]> {
  const rows = await prisma.$queryRaw<{ minute: Date; synced: number; avg_ms: number | null }[]>`
    WITH recent AS (
      SELECT date_trunc('minute', "syncedAt") AS minute, "syncedAt" - "createdAt" AS took
      FROM "Order"
      WHERE "syncedAt" >= date_trunc('minute', now()) - interval '59 minutes'
    )
    SELECT m.minute, count(recent.minute)::int AS synced,
           (avg(extract(epoch FROM recent.took)) * 1000)::float8 AS avg_ms
    FROM generate_series(date_trunc('minute', now()) - interval '59 minutes', date_trunc('minute', now()), interval '1 minute') AS m(minute)
    LEFT JOIN recent ON recent.minute = m.minute
    GROUP BY m.minute
    ORDER BY m.minute`;
  return rows.map(({ minute, synced, avg_ms }) => ({
    minute: minute.toISOString(),
    synced,
    avgTimeToSyncMs: avg_ms === null ? null : Math.round(avg_ms),
  }));
}
