import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { config, webConfig } from "../config";

/** The shopper's cookie holds only the cart's id and its signature; the cart itself is in PostgreSQL. */
export const CART_COOKIE = "dispatch_cart";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const signature = (cartId: string) => createHmac("sha256", webConfig().SESSION_SECRET).update(`cart:${cartId}`).digest("base64url");

export const newCartId = (): string => randomUUID();

export const cartCookieValue = (cartId: string) => `${cartId}.${signature(cartId)}`;

/** The cart id a cookie names, or undefined for a missing, forged or malformed one (a new cart, not an error). */
export function cartIdFrom(value: string | undefined): string | undefined {
  const [cartId, given] = value?.split(".") ?? [];
  if (!cartId || !given || !UUID.test(cartId)) return undefined;
  const expected = Buffer.from(signature(cartId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? cartId : undefined;
}

/**
 * The cart that follows an ordered one. Derived, not stored: a shopper whose answer to the order
 * (with the new cookie) never arrived still reaches the same next cart, and the ordered one stays
 * in the cookie until then, so the cart and checkout pages can name its order.
 */
export function nextCartId(cartId: string): string {
  const hex = createHash("sha256").update(`next-cart:${cartId}`).digest("hex");
  // A version-4-shaped UUID (random bits from the hash), so it passes every uuid check.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const cartCookieOptions = () =>
  ({
    httpOnly: true,
    sameSite: "lax",
    secure: config().APP_URL.startsWith("https:"),
    path: "/",
    // Renewed with every change; the cart itself expires after CART_IDLE_DAYS without one.
    maxAge: 60 * 60 * 24 * 30,
  }) as const;
