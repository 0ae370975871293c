import { z } from "zod";
import { prisma } from "./db";
import { cartLineSchema, isProductId, MAX_LINES, MAX_QUANTITY, type CartLine } from "./orders/checkout";

export type { CartLine };

/** The cart lives in a cookie: product ids and quantities only, never prices. */
export const CART_COOKIE = "dispatch_cart";

const cookieSchema = z.array(cartLineSchema).max(MAX_LINES);

/** A cookie that is missing, tampered with or outdated is an empty cart, not an error. */
export function parseCart(value: string | undefined): CartLine[] {
  if (!value) return [];
  try {
    const parsed = cookieSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function serializeCart(lines: readonly CartLine[]): string {
  return Buffer.from(JSON.stringify(lines)).toString("base64url");
}

/** Sets a product's quantity (0 removes it), keeping the order in which lines were added. */
export function withQuantity(lines: readonly CartLine[], productId: string, quantity: number): CartLine[] {
  const clamped = Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
  const exists = lines.some((line) => line.productId === productId);
  const next = exists
    ? lines.map((line) => (line.productId === productId ? { productId, quantity: clamped } : line))
    : [...lines, { productId, quantity: clamped }];
  return next.filter((line) => line.quantity > 0);
}

export function quantityOf(lines: readonly CartLine[], productId: string): number {
  return lines.find((line) => line.productId === productId)?.quantity ?? 0;
}

export interface CartItemView {
  productId: string;
  slug: string;
  name: string;
  image: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
}

/** The cart with current catalog data; lines whose product is gone or inactive are dropped. */
export async function loadCart(lines: readonly CartLine[]): Promise<CartItemView[]> {
  // A forged cookie's ids that no product can have are never looked up.
  const ids = lines.map((line) => line.productId).filter(isProductId);
  if (ids.length === 0) return [];
  const products = await prisma.product.findMany({ where: { id: { in: ids }, active: true } });
  const byId = new Map(products.map((product) => [product.id, product]));
  return lines.flatMap(({ productId, quantity }) => {
    const product = byId.get(productId);
    if (!product) return [];
    const { slug, name, image, priceCents: unitPriceCents, currency } = product;
    return [{ productId, slug, name, image, unitPriceCents, currency, quantity }];
  });
}
