import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { db } from "../db";
import type { DB } from "../generated/kysely/types";
import { isProductId, MAX_QUANTITY } from "../orders/checkout";
import { nextCartId } from "./cookie";

/**
 * Every read and write of a shopper's cart. Each change is one statement that adds to or sets one
 * line (never a read-modify-write of the cart), so concurrent changes, from one tab or several, all
 * land. A cart placed as an order takes no more changes: its row is locked while the order is
 * recorded (lib/orders/place-order.ts), and every change re-checks it after that lock.
 */

/** A cart untouched this long is deleted by the worker's sweep (expireIdleCarts). */
export const CART_IDLE_DAYS = 30;

export interface CartLineView {
  productId: string;
  slug: string;
  sku: string;
  name: string;
  image: string;
  quantity: number;
  /** Today's price. */
  unitPriceCents: number;
  /** The price when the shopper added it, if different from today's. */
  pricedBefore: number | null;
  currency: string;
  /** False once the product is withdrawn: shown with a notice, counted nowhere, never ordered. */
  available: boolean;
}

export interface ShopperCart {
  /** The cart changes go to (the cookie's, or the one after it once that was ordered). */
  id: string;
  /** In the order the shopper added them. */
  lines: CartLineView[];
  /** The cart in the cookie was placed as this order, and no new one has been started since. */
  orderedAs: { number: number; publicToken: string } | null;
  /** Changes with anything the shopper would see: lines, quantities, prices, availability. */
  version: string;
}

export type CartChange =
  | { status: "changed"; cartId: string; quantity: number }
  | { status: "limit" }
  | { status: "unavailable" };

type Executor = Kysely<DB>;

/** Units the shopper can order: what the header counts and the cart page totals. */
export const unitsIn = (lines: readonly CartLineView[]) => lines.reduce((sum, line) => sum + (line.available ? line.quantity : 0), 0);

export function cartVersion(lines: readonly CartLineView[]): string {
  const seen = lines.map((line) => [line.productId, line.quantity, line.unitPriceCents, line.available]);
  return createHash("sha256").update(JSON.stringify(seen)).digest("base64url").slice(0, 22);
}

/** The lines of one cart, oldest first, with the catalog as it is now. */
export async function cartLines(cartId: string, executor: Executor = db): Promise<CartLineView[]> {
  const rows = await executor
    .selectFrom("CartLine as l")
    .innerJoin("Product as p", "p.id", "l.productId")
    .select(["l.productId", "l.quantity", "l.seenPriceCents", "p.slug", "p.sku", "p.name", "p.image", "p.priceCents", "p.currency", "p.active"])
    .where("l.cartId", "=", cartId)
    .orderBy("l.sequence")
    .execute();
  return rows.map(({ productId, quantity, seenPriceCents, slug, sku, name, image, priceCents, currency, active }) => ({
    productId,
    slug,
    sku,
    name,
    image,
    quantity,
    unitPriceCents: priceCents,
    pricedBefore: seenPriceCents === priceCents ? null : seenPriceCents,
    currency,
    available: active,
  }));
}

/**
 * The shopper's cart from the id in their cookie (undefined: none yet). If that cart was ordered,
 * the next one (nextCartId) is the shopper's cart, and the order is named while it is still empty.
 */
export async function shopperCart(cookieCartId: string | undefined, makeId: () => string): Promise<ShopperCart> {
  if (!cookieCartId) return { id: makeId(), lines: [], orderedAs: null, version: cartVersion([]) };
  const ordered = await db
    .selectFrom("Cart as c")
    .innerJoin("Order as o", "o.id", "c.orderId")
    .select(["o.number", "o.publicToken"])
    .where("c.id", "=", cookieCartId)
    .executeTakeFirst();
  const id = ordered ? nextCartId(cookieCartId) : cookieCartId;
  const lines = await cartLines(id);
  const orderedAs = ordered && lines.length === 0 ? ordered : null;
  return { id, lines, orderedAs, version: cartVersion(lines) };
}

/**
 * One more of a product (at most MAX_QUANTITY), or an absolute quantity (0 removes the line). The
 * cart row is created on its first change; a cart already ordered passes the change on to the one
 * after it, whose id the caller puts in the cookie.
 */
export async function changeLine(cartId: string, productId: string, change: { add: 1 } | { set: number }): Promise<CartChange> {
  if (!isProductId(productId)) return { status: "unavailable" };
  // An ordered cart is followed by its next one; two hops cover an answer lost twice.
  for (let hop = 0, id = cartId; hop < 3; hop++, id = nextCartId(id)) {
    const result = "set" in change && change.set === 0 ? await removeLine(id, productId) : await upsertLine(id, productId, change);
    if (result !== "ordered") return result;
  }
  throw new Error(`cart ${cartId} and the carts after it were all ordered`);
}

async function upsertLine(cartId: string, productId: string, change: { add: 1 } | { set: number }): Promise<CartChange | "ordered"> {
  const quantity = "add" in change ? 1 : Math.min(MAX_QUANTITY, change.set);
  const row = await db
    .with("cart", (q) =>
      q
        .insertInto("Cart")
        .values({ id: cartId })
        // Locks the cart row; waits for an order being placed from it, then sees it ordered.
        .onConflict((oc) => oc.column("id").doUpdateSet({ updatedAt: sql`now()` }).where("Cart.orderId", "is", null))
        .returning("id"),
    )
    .with("product", (q) => q.selectFrom("Product").select(["id", "priceCents"]).where("id", "=", productId).where("active", "=", true))
    .insertInto("CartLine")
    .columns(["cartId", "productId", "quantity", "seenPriceCents"])
    .expression((eb) => eb.selectFrom(["cart", "product"]).select(["cart.id", "product.id", sql<number>`${quantity}::int`.as("quantity"), "product.priceCents"]))
    .onConflict((oc) =>
      "add" in change
        ? oc.columns(["cartId", "productId"]).doUpdateSet({ quantity: sql`"CartLine".quantity + 1` }).where("CartLine.quantity", "<", MAX_QUANTITY)
        : oc.columns(["cartId", "productId"]).doUpdateSet({ quantity: sql`excluded.quantity` }),
    )
    .returning(["quantity"])
    .executeTakeFirst();
  if (row) return { status: "changed", cartId, quantity: row.quantity };
  // Nothing written: say why (a read after the fact, for the message only).
  const [cart, product] = await Promise.all([
    db.selectFrom("Cart").select("orderId").where("id", "=", cartId).executeTakeFirst(),
    db.selectFrom("Product").select("active").where("id", "=", productId).executeTakeFirst(),
  ]);
  if (cart?.orderId) return "ordered";
  return product?.active ? { status: "limit" } : { status: "unavailable" };
}

async function removeLine(cartId: string, productId: string): Promise<CartChange | "ordered"> {
  const result = await db
    .with("cart", (q) => q.updateTable("Cart").set({ updatedAt: sql`now()` }).where("id", "=", cartId).where("orderId", "is", null).returning("id"))
    .deleteFrom("CartLine")
    .where("cartId", "in", (eb) => eb.selectFrom("cart").select("cart.id"))
    .where("productId", "=", productId)
    .returning("cartId")
    .executeTakeFirst();
  if (result) return { status: "changed", cartId, quantity: 0 };
  const cart = await db.selectFrom("Cart").select("orderId").where("id", "=", cartId).executeTakeFirst();
  return cart?.orderId ? "ordered" : { status: "changed", cartId, quantity: 0 };
}

/** Deletes carts nobody changed for CART_IDLE_DAYS (with their lines); the count deleted. */
export async function expireIdleCarts(): Promise<number> {
  const deleted = await db
    .deleteFrom("Cart")
    .where("updatedAt", "<", sql<Date>`now() - make_interval(days => ${CART_IDLE_DAYS})`)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
