// Next's data cache (next.config.ts, cacheHandler). Next imports this file at run time, outside its
// bundle, and makes one per request, so it only forwards to the handler that instrumentation.ts
// builds once at start inside the bundle (lib/next-cache-handler.ts, with the app's config and
// Redis). Where none was built (`next build`), nothing is cached.
const installed = () => globalThis[Symbol.for("dispatch.nextCacheHandler")];

export default class CacheHandler {
  async get(key, context) {
    return (await installed()?.get(key, context)) ?? null;
  }

  async set(key, value, context) {
    await installed()?.set(key, value, context);
  }

  async revalidateTag(tags, durations) {
    await installed()?.revalidateTag(tags, durations);
  }

  resetRequestCache() {}
}
