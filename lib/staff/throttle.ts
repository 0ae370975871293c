import { rateLimiter, take } from "../rate-limit";

/**
 * Throttles for everything that checks a secret (a password, a link's token). Points are taken
 * atomically in Redis BEFORE the secret is checked, so concurrent attempts cannot all slip under
 * the limit; a success gives its points back. Per address, per account, and a ceiling for the
 * whole shop against attempts spread over many addresses. ADR 007.
 */
const WINDOW = 15 * 60;
export const LOGIN_LIMITS = { perAddress: 5, perAccount: 10, perShopPerMinute: 100 };
const LINK_LIMITS = { perAddress: 10, perAccount: 3 };

const limiters = {
  loginAddress: () => rateLimiter("staff-login-address", LOGIN_LIMITS.perAddress, WINDOW),
  loginAccount: () => rateLimiter("staff-login-account", LOGIN_LIMITS.perAccount, WINDOW),
  loginShop: () => rateLimiter("staff-login-shop", LOGIN_LIMITS.perShopPerMinute, 60),
  linkAddress: () => rateLimiter("staff-link-address", LINK_LIMITS.perAddress, WINDOW),
  linkAccount: () => rateLimiter("staff-link-account", LINK_LIMITS.perAccount, WINDOW),
};
type Limiter = keyof typeof limiters;
type Points = [Limiter, string][];

/** Takes a point from each in turn; the seconds to wait if one is spent, else 0. */
async function takeAll(points: Points): Promise<number> {
  for (const [name, key] of points) {
    const wait = await take(limiters[name](), key);
    if (wait > 0) return wait;
  }
  return 0;
}

const refund = (points: Points) => Promise.all(points.map(([name, key]) => limiters[name]().reward(key, 1)));

const loginPoints = (email: string, address: string): Points => [
  ["loginAddress", address],
  ["loginAccount", email.toLowerCase()],
  ["loginShop", "all"],
];

/** Before a password is compared (login, password change). */
export const takeLoginAttempt = (email: string, address: string) => takeAll(loginPoints(email, address));
export const refundLoginAttempt = (email: string, address: string) => refund(loginPoints(email, address));

/** Before a link's token is checked (setting a password), or a reset link is mailed (per address and account). */
export const takeLinkAttempt = (address: string, email?: string) =>
  takeAll([["linkAddress", address], ...(email ? [["linkAccount", email.toLowerCase()] as [Limiter, string]] : [])]);
export const refundLinkAttempt = (address: string) => refund([["linkAddress", address]]);

/** "Try again in 4 minutes": generic, the same whichever limit was reached. */
export const tryAgainIn = (seconds: number) =>
  `Too many attempts. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`;
