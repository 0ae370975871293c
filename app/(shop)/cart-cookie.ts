import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { CART_COOKIE, cartCookieOptions, cartCookieValue, cartIdFrom, newCartId } from "@/lib/cart/cookie";
import { shopperCart } from "@/lib/cart/store";

/** The cart id the shopper's cookie names, if it is one we signed. */
export async function cookieCartId(): Promise<string | undefined> {
  return cartIdFrom((await cookies()).get(CART_COOKIE)?.value);
}

/** The shopper's cart, read once per request (the header and the page share it). */
export const currentCart = cache(async () => shopperCart(await cookieCartId(), newCartId));

/** Points the cookie at the cart changes went to (and renews it): only server actions may. */
export async function keepCart(cartId: string): Promise<void> {
  (await cookies()).set(CART_COOKIE, cartCookieValue(cartId), cartCookieOptions());
}
