import { db } from "../db";
import { isProductId, MAX_QUANTITY, mergeLines, type CartLine } from "./checkout";

/** An order's total is a PostgreSQL integer (int4) of cents: a larger order cannot be recorded. */
export const MAX_ORDER_TOTAL_CENTS = 2 ** 31 - 1;

export interface CatalogPrice {
  id: string;
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  active: boolean;
}

export interface PricedLine {
  productId: string;
  sku: string;
  productName: string;
  unitPriceCents: number;
  quantity: number;
}

export type PricedCart =
  | { ok: true; lines: PricedLine[]; totalCents: number; currency: string }
  | { ok: false; message: string };

/** Prices a cart from catalog rows. Whatever price the client believed in plays no part. */
export function priceLines(cart: readonly CartLine[], catalog: readonly CatalogPrice[]): PricedCart {
  const byId = new Map(catalog.map((product) => [product.id, product]));
  const lines: PricedLine[] = [];
  for (const { productId, quantity } of mergeLines(cart, { keepOrder: true })) {
    const product = byId.get(productId);
    if (!product || !product.active) return { ok: false, message: "An item in your cart is no longer available" };
    if (quantity > MAX_QUANTITY) return { ok: false, message: `At most ${MAX_QUANTITY} of ${product.name}` };
    lines.push({ productId, sku: product.sku, productName: product.name, unitPriceCents: product.priceCents, quantity });
  }
  const currencies = new Set(lines.map((line) => byId.get(line.productId)!.currency));
  if (currencies.size !== 1) return { ok: false, message: "Items in different currencies cannot be ordered together" };
  const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  if (totalCents > MAX_ORDER_TOTAL_CENTS) {
    return { ok: false, message: "This order is larger than the shop takes online; please split it into smaller orders" };
  }
  return { ok: true, lines, totalCents, currency: [...currencies][0]! };
}

/** The catalog rows this process last read, by id: at most this many (a cart holds a few of them). */
const KNOWN_PRODUCTS = 10_000;
const known = new Map<string, CatalogPrice>();

/**
 * Prices a cart from the catalog rows this process has read before, reading only the products it
 * has not (none, once the catalog is warm). A row may be stale; the order's insert checks every line
 * against the table in the same statement (lib/orders/store.ts), and when it finds one changed the
 * checkout prices again with `fresh`. A cart these rows would refuse is priced from fresh rows
 * before it is refused. An id no product can have is not looked up, and counts as unknown.
 */
export async function priceCart(cart: readonly CartLine[], { fresh = false }: { fresh?: boolean } = {}): Promise<PricedCart> {
  const ids = cart.map((line) => line.productId).filter(isProductId);
  const unread = fresh ? ids : ids.filter((id) => !known.has(id));
  if (unread.length) await readProducts(unread);
  const priced = priceLines(cart, ids.flatMap((id) => known.get(id) ?? []));
  return priced.ok || fresh || unread.length === ids.length ? priced : priceCart(cart, { fresh: true });
}

async function readProducts(ids: readonly string[]): Promise<void> {
  const rows = await db.selectFrom("Product").select(["id", "sku", "name", "priceCents", "currency", "active"]).where("id", "in", ids).execute();
  for (const id of ids) known.delete(id);
  for (const row of rows) known.set(row.id, row);
  // Oldest first: Map keeps insertion order.
  for (const id of known.keys()) {
    if (known.size <= KNOWN_PRODUCTS) break;
    known.delete(id);
  }
}
