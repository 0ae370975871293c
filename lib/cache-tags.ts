import type { Redis } from "ioredis";
import { config } from "./config";
import { createRedis, whenReady } from "./redis";

/**
 * When each cache tag was last expired, in one Redis hash shared by every process: a product
 * changed by the seed script, a test or another web instance reaches every web instance's cache
 * (they read the hash once per request, in use-cache-handler.ts). Times are Redis's clock.
 */
export const cacheTagsKey = () => `${config().QUEUE_PREFIX}:cache-tags`;

const expireScript = `
local now = redis.call('TIME')
local ms = now[1] * 1000 + math.floor(now[2] / 1000)
for _, tag in ipairs(ARGV) do redis.call('HSET', KEYS[1], tag, ms) end
return ms`;

/** Marks `tags` expired now, for every instance; `redis` defaults to a connection of its own. */
export async function expireCacheTags(tags: readonly string[], redis?: Redis): Promise<void> {
  if (tags.length === 0) return;
  const client = redis ?? (await whenReady(createRedis("producer"), 5_000));
  try {
    await client.eval(expireScript, 1, cacheTagsKey(), ...tags);
  } finally {
    if (!redis) client.disconnect();
  }
}

/** Every tag's last expiry (ms since the epoch). */
export async function readCacheTags(redis: Redis): Promise<Map<string, number>> {
  const hash = await redis.hgetall(cacheTagsKey());
  return new Map(Object.entries(hash).map(([tag, ms]) => [tag, Number(ms)]));
}
