import { once } from "node:events";
import { Redis, type RedisOptions } from "ioredis";
import { config } from "./config";

/**
 * Workers block on Redis and must retry forever (BullMQ requires maxRetriesPerRequest: null).
 * Producers are the opposite: checkout must never hang on Redis, so commands fail at once while
 * it is unreachable and the order waits in PostgreSQL for the sweeper instead.
 */
const roles = {
  worker: { maxRetriesPerRequest: null },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1_000 },
} satisfies Record<string, RedisOptions>;

export function createRedis(role: keyof typeof roles): Redis {
  return new Redis(config().REDIS_URL, { ...roles[role], lazyConnect: false });
}

/** `redis` once it is connected; rejects after `ms` without leaving a listener behind. */
export async function whenReady(redis: Redis, ms: number): Promise<Redis> {
  if (redis.status === "ready") return redis;
  await once(redis, "ready", { signal: AbortSignal.timeout(ms) }).catch(() => {
    throw new Error(`Redis did not answer within ${ms} ms`);
  });
  return redis;
}

/** Redis's eviction policy, or null where CONFIG is not allowed (some managed Redis). */
export async function evictionPolicy(redis: Redis): Promise<string | null> {
  return redis.config("GET", "maxmemory-policy").then((reply) => (reply as string[])[1] ?? null, () => null);
}

export const evictionWarning = (policy: string) =>
  `Redis maxmemory-policy is ${policy}: Redis may evict queued jobs and orders would wait for the sweeper. Set it to noeviction.`;
