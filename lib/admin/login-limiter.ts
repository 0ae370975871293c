import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "../config";
import { createRedis } from "../redis";

/** Wrong admin passwords allowed per client address before it has to wait. */
export const LOGIN_ATTEMPTS = 5;
const WINDOW_SECONDS = 15 * 60;

let limiter: RateLimiterRedis | undefined;

function loginLimiter() {
  limiter ??= new RateLimiterRedis({
    storeClient: createRedis("producer"),
    keyPrefix: `${config().QUEUE_PREFIX}:admin-login`,
    points: LOGIN_ATTEMPTS,
    duration: WINDOW_SECONDS,
    // Redis down must not unlock unlimited guessing: count in memory meanwhile.
    insuranceLimiter: new RateLimiterMemory({ points: LOGIN_ATTEMPTS, duration: WINDOW_SECONDS }),
  });
  return limiter;
}

/** Seconds the address must wait before its next attempt, or 0 if it may try now. */
export async function loginRetryAfter(address: string): Promise<number> {
  const state = await loginLimiter().get(address);
  if (!state || state.consumedPoints < LOGIN_ATTEMPTS) return 0;
  return Math.ceil(state.msBeforeNext / 1000);
}

/** Counts a failed attempt; returns the seconds to wait if that was the last one allowed. */
export async function recordFailedLogin(address: string): Promise<number> {
  try {
    await loginLimiter().consume(address);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.ceil(rejection.msBeforeNext / 1000);
    throw rejection;
  }
}

export async function clearFailedLogins(address: string): Promise<void> {
  await loginLimiter().delete(address);
}
