"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { quantityOf, withQuantity } from "@/lib/cart";
import { prisma } from "@/lib/db";
import { isProductId, type FieldErrors } from "@/lib/orders/checkout";
import { checkoutLimiter } from "@/lib/orders/limits";
import { placeOrder } from "@/lib/orders/place-order";
import { clientAddress, take } from "@/lib/rate-limit";
import { readCartLines, writeCartLines } from "./cart-cookie";

export type CartActionResult = { ok: true } | { ok: false; error: string };

/** Sets a product's quantity in the cart (0 removes it). */
export async function setCartQuantity(productId: string, quantity: number): Promise<CartActionResult> {
  if (!Number.isInteger(quantity) || quantity < 0) return { ok: false, error: "That quantity is not valid" };
  if (!isProductId(productId)) return { ok: false, error: "This product is no longer available" };
  const lines = await readCartLines();
  if (quantity > 0) {
    const product = await prisma.product.findUnique({ where: { id: productId }, select: { active: true } });
    if (!product?.active) return { ok: false, error: "This product is no longer available" };
  }
  await writeCartLines(withQuantity(lines, productId, quantity));
  return { ok: true };
}

export async function addToCart(productId: string): Promise<CartActionResult> {
  const lines = await readCartLines();
  return setCartQuantity(productId, quantityOf(lines, productId) + 1);
}

export interface CheckoutState {
  message?: string;
  fieldErrors?: FieldErrors;
  /** What the shopper typed, so a refused form comes back filled in. */
  values?: Record<string, string>;
}

/** The Place order button. Lands the shopper on the order's status page once it is recorded. */
export async function placeOrderAction(_previous: CheckoutState, form: FormData): Promise<CheckoutState> {
  const wait = await take(checkoutLimiter(), clientAddress(await headers()));
  const values = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  if (wait) return { message: `Too many orders from your address; please try again in ${wait} seconds.`, values };
  const result = await placeOrder({ ...values, items: parseItems(values.items) });
  if (result.status === "invalid") return { message: result.message, fieldErrors: result.fieldErrors, values };
  if (result.status === "conflict") return { message: result.message, values };
  if (result.status === "unavailable") {
    return { message: "The shop is briefly unavailable and nothing was ordered yet. Please try again in a moment.", values };
  }
  await writeCartLines([]);
  redirect(`/orders/${result.order.publicToken}`);
}

function parseItems(json: string | undefined): unknown {
  try {
    return json ? JSON.parse(json) : undefined;
  } catch {
    return undefined;
  }
}
