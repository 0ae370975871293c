import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
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

/**
 * An order row written straight to the database, as the worker would have left it, for tests of
 * what reads orders: one line of the first active product, `quantity` of it, with `fields` on top.
 */
export async function orderRow(fields: Partial<Prisma.OrderUncheckedCreateInput> = {}, quantity = 1) {
  const product = await prisma.product.findFirstOrThrow({ where: { active: true } });
  return prisma.order.create({
    data: {
      ...shopper,
      totalCents: product.priceCents * quantity,
      currency: "EUR",
      publicToken: randomUUID().replaceAll("-", ""),
      idempotencyKey: randomUUID(),
      requestHash: "test",
      syncDeadlineAt: new Date(Date.UTC(2030, 0, 2)),
      items: { create: { productId: product.id, sku: product.sku, productName: product.name, unitPriceCents: product.priceCents, quantity } },
      ...fields,
    },
  });
}

/** A tag of letters only, to tell a test's orders apart: the Needs attention groups keep letters and drop digits. */
export const letterTag = () => Array.from({ length: 10 }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(Math.random() * 26)]).join("");
