import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "./config";
import { createRedis } from "./redis";

const limiters = new Map<string, RateLimiterRedis>();

/**
 * A limit of `points` per `seconds` per key, counted in Redis so every web process shares it.
 * While Redis is down the count goes on in memory: a limit must neither lapse nor block checkout.
 */
export function rateLimiter(name: string, points: number, seconds: number): RateLimiterRedis {
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = new RateLimiterRedis({
      storeClient: createRedis("producer"),
      keyPrefix: `${config().QUEUE_PREFIX}:limit:${name}`,
      points,
      duration: seconds,
      insuranceLimiter: new RateLimiterMemory({ points, duration: seconds }),
    });
    limiters.set(name, limiter);
  }
  return limiter;
}

/** Counts one request; returns 0 if it may go ahead, else the seconds until the client may retry. */
export async function take(limiter: RateLimiterRedis, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}

/** Who the client is lives in lib/client-address.ts; the admin's login limit imports it from here. */
export { clientAddress } from "./client-address";

/** 429 with Retry-After, the answer to a client over its limit. */
export function tooManyRequests(retryAfterSeconds: number): Response {
  return Response.json(
    { error: `Too many requests; try again in ${retryAfterSeconds} s` },
    { status: 429, headers: { "retry-after": String(retryAfterSeconds) } },
  );
}
