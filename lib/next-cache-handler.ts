import type { CacheHandler, CacheHandlerValue } from "next/dist/server/lib/incremental-cache";
import { cacheTagsKey, expireCacheTags } from "./cache-tags";
import { logger } from "./logger";
import { createRedis, whenReady } from "./redis";

type Handler = Pick<CacheHandler, "get" | "set" | "revalidateTag">;

/** Entries kept per process; the least recently used go first. */
const MAX_ENTRIES = 5_000;
/**
 * Tag expiries are Redis's clock, entries' times this host's: an entry made this soon after an
 * expiry, by this host's clock, counts as expired too, so some skew never keeps an old entry alive.
 */
const CLOCK_SKEW_MS = 1_000;

/** Where cache-handler.mjs (which Next loads outside its bundle) finds the handler. */
export function installNextCacheHandler(): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("dispatch.nextCacheHandler")] ??= createNextCacheHandler();
}

/**
 * Next's data cache (`cacheHandler` in next.config.ts, through cache-handler.mjs): entries in this
 * process's memory, nothing on disk (a restarted instance starts empty, never with a catalog from
 * before a change), and tag expiries in Redis, so every web instance and every process that changes
 * a product (lib/catalog/changes.ts) agree on what is out of date. Each read asks Redis for the
 * entry's tags; with Redis unreachable, entries are served as they are and a warning is logged.
 */
export function createNextCacheHandler(): Handler {
  const entries = new Map<string, CacheHandlerValue & { tags: string[] }>();
  const redis = createRedis("producer");
  let warned = false;

  async function expiredSince(tags: string[]): Promise<number> {
    if (tags.length === 0) return 0;
    try {
      const times = await (await whenReady(redis, 1_000)).hmget(cacheTagsKey(), ...tags);
      warned = false;
      return Math.max(0, ...times.map(Number));
    } catch (error) {
      if (!warned) logger.warn({ err: error }, "cache tags unreadable in Redis: serving cached data as it is");
      warned = true;
      return 0;
    }
  }

  return {
    async get(key, context) {
      const entry = entries.get(key);
      if (!entry) return null;
      const tags = [...entry.tags, ...("tags" in context ? (context.tags ?? []) : []), ...("softTags" in context ? (context.softTags ?? []) : [])];
      if ((await expiredSince(tags)) + CLOCK_SKEW_MS > entry.lastModified) {
        entries.delete(key);
        return null;
      }
      // Most recently used last: a Map keeps insertion order.
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },

    async set(key, value, context) {
      entries.delete(key);
      const tags = "tags" in context ? (context.tags ?? []) : [];
      entries.set(key, { value, lastModified: Date.now(), tags, cacheControl: "cacheControl" in context ? context.cacheControl : undefined });
      for (const oldest of entries.keys()) {
        if (entries.size <= MAX_ENTRIES) break;
        entries.delete(oldest);
      }
    },

    // revalidateTag() expires at once, whatever the profile: a page must never show an old price.
    async revalidateTag(tags) {
      await expireCacheTags(typeof tags === "string" ? [tags] : tags, await whenReady(redis, 5_000));
    },
  };
}
