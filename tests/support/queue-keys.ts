import { Redis } from "ioredis";
import { testEnv } from "../test-env";

/** Deletes every Redis key under a queue prefix: a test run's or a benchmark's queues. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(testEnv.REDIS_URL);
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
    if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
  }
  redis.disconnect();
}
