"use server";

import { refresh } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { newCartId, nextCartId } from "@/lib/cart/cookie";
import { changeLine, type CartChange } from "@/lib/cart/store";
import { MAX_QUANTITY, type FieldErrors } from "@/lib/orders/checkout";
import { formatOrderNumber } from "@/lib/orders/format";
import { checkoutLimiter } from "@/lib/orders/limits";
import { placeCartOrder } from "@/lib/orders/place-order";
import { clientAddress } from "@/lib/client-address";
import { take } from "@/lib/rate-limit";
import { cookieCartId, keepCart } from "./cart-cookie";

export type CartActionResult = { ok: true; quantity: number } | { ok: false; error: string; atLimit?: boolean };

const refusal = (change: Exclude<CartChange, { status: "changed" }>): CartActionResult =>
  change.status === "limit"
    ? { ok: false, atLimit: true, error: `You have ${MAX_QUANTITY} in your cart, the most one order can hold` }
    : { ok: false, error: "This product is no longer available" };

/**
 * Every cart change: one atomic statement on the shopper's cart in PostgreSQL, then the pages
 * re-rendered from it, so the header and the cart page show what the server holds.
 */
async function changeCart(productId: string, change: { add: 1 } | { set: number }): Promise<CartActionResult> {
  const result = await changeLine((await cookieCartId()) ?? newCartId(), productId, change);
  if (result.status !== "changed") return refusal(result);
  await keepCart(result.cartId);
  refresh();
  return { ok: true, quantity: result.quantity };
}

/** Sets a product's quantity in the cart (0 removes it). */
export async function setCartQuantity(productId: string, quantity: number): Promise<CartActionResult> {
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) return { ok: false, error: "That quantity is not valid" };
  return changeCart(productId, { set: quantity });
}

export async function addToCart(productId: string): Promise<CartActionResult> {
  return changeCart(productId, { add: 1 });
}

export interface CheckoutState {
  message?: string;
  fieldErrors?: FieldErrors;
  /** The cart was ordered already (another tab, a resubmission): that order. */
  ordered?: { label: string; href: string };
  /** What the shopper typed, so a refused form comes back filled in. */
  values?: Record<string, string>;
}

/** The Place order button: places the cart as the server holds it, once, and lands on the order. */
export async function placeOrderAction(_previous: CheckoutState, form: FormData): Promise<CheckoutState> {
  const wait = await take(checkoutLimiter(), clientAddress(await headers()));
  const values = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string" && !entry[0].startsWith("$")));
  if (wait) return { message: `Too many orders from your address; please try again in ${wait} seconds.`, values };
  // The cart the page showed: the cookie's, or the one after it if the cookie's was ordered.
  const cookieCart = await cookieCartId();
  const cartId = values.cartId;
  if (!cookieCart || (cartId !== cookieCart && cartId !== nextCartId(cookieCart))) {
    refresh();
    return { message: "Your cart changed since this page was loaded. Please check the summary, then place the order.", values };
  }
  const result = await placeCartOrder(cartId, values);
  switch (result.status) {
    case "created":
      refresh(); // the header's count too: the shopper's cart is now the next, empty one
      redirect(`/orders/${result.order.publicToken}`);
    case "ordered": {
      const label = formatOrderNumber(result.order.number);
      return { message: `This cart was already ordered as ${label}.`, ordered: { label, href: `/orders/${result.order.publicToken}` } };
    }
    case "changed":
      // The page comes back with the cart as it is now, and its new version.
      refresh();
      return { message: result.message, values };
    case "invalid":
      return { message: result.message, fieldErrors: result.fieldErrors, values };
    case "empty":
    case "refused":
      refresh();
      return { message: result.message, values };
    case "unavailable":
      return { message: "The shop is briefly unavailable and nothing was ordered yet. Please try again in a moment.", values };
  }
}
