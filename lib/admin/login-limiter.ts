import "server-only";
import { rateLimiter, take } from "../rate-limit";

/** Wrong admin passwords allowed per client address before it has to wait. */
export const LOGIN_ATTEMPTS = 5;
const WINDOW_SECONDS = 15 * 60;

const loginLimiter = () => rateLimiter("admin-login", LOGIN_ATTEMPTS, WINDOW_SECONDS);

/** Seconds the address must wait before its next attempt, or 0 if it may try now. */
export async function loginRetryAfter(address: string): Promise<number> {
  const state = await loginLimiter().get(address);
  if (!state || state.consumedPoints < LOGIN_ATTEMPTS) return 0;
  return Math.ceil(state.msBeforeNext / 1000);
}

/** Counts a failed attempt; returns the seconds to wait if that was one too many. */
export function recordFailedLogin(address: string): Promise<number> {
  return take(loginLimiter(), address);
}

export async function clearFailedLogins(address: string): Promise<void> {
  await loginLimiter().delete(address);
}
