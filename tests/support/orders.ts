import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db";
import type { CheckoutSubmission } from "@/lib/orders/checkout";
import { placeOrder, type PlacedOrder } from "@/lib/orders/place-order";

/** Who the tests' orders go to. */
export const shopper = {
  email: "ada@example.com",
  name: "Ada Lovelace",
  addressLine1: "12 St James's Square",
  city: "Berlin",
  postalCode: "10115",
  country: "DE",
} as const;

/** A valid checkout for the seeded catalog, with a fresh idempotency key. */
export async function checkoutFor(slugs: string[] = ["stoneware-mug", "pour-over-dripper"], overrides: Partial<CheckoutSubmission> = {}): Promise<CheckoutSubmission> {
  const products = await prisma.product.findMany({ where: { slug: { in: slugs } } });
  return {
    idempotencyKey: randomUUID(),
    ...shopper,
    items: products.map((product, index) => ({ productId: product.id, quantity: index + 1 })),
    ...overrides,
  };
}

/** An order placed through the real checkout (placeOrder), with `overrides` on a valid one. */
export async function placedOrder(overrides: Partial<CheckoutSubmission> = {}): Promise<PlacedOrder> {
  const result = await placeOrder(await checkoutFor(undefined, overrides));
  if (result.status !== "created") throw new Error(`checkout was ${result.status}`);
  return result.order;
}

export const orderCount = () => prisma.order.count();

/** Waits until the order reaches one of the statuses, polling the database within a deadline. */
export async function waitForStatus(orderId: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const order = await prisma.order.findUniqueOrThrow({ where: { id: orderId }, include: { events: { orderBy: { sequence: "asc" } } } });
    if (statuses.includes(order.status)) return order;
    if (Date.now() > deadline) throw new Error(`Order ${orderId} is ${order.status}, not ${statuses.join("/")} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
