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

/** Prices a cart from the database; an id no product can have is not looked up, and counts as unknown. */
export async function priceCart(cart: readonly CartLine[]): Promise<PricedCart> {
  const ids = cart.map((line) => line.productId).filter(isProductId);
  const rows = ids.length ? await db.selectFrom("Product").select(["id", "sku", "name", "priceCents", "currency", "active"]).where("id", "in", ids).execute() : [];
  return priceLines(cart, rows);
}
