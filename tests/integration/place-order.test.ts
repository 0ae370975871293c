import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { placeOrder } from "@/lib/orders/place-order";
import { closeQueues, getQueue, JOB_ATTEMPTS, QueueName } from "@/lib/queue";
import { checkoutFor, orderCount } from "../support/orders";

afterAll(async () => {
  await closeQueues();
});

describe("placing an order", () => {
  it("records the order, its items and first events, priced from the database, and queues the sync", async () => {
    const checkout = await checkoutFor();
    // Prices a client might send are not part of the contract and are ignored.
    const tampered = { ...checkout, items: checkout.items.map((item) => ({ ...item, priceCents: 1 })), totalCents: 1 };

    const result = await placeOrder(tampered);

    expect(result.status).toBe("created");
    if (result.status !== "created") return;
    const order = await prisma.order.findUniqueOrThrow({ where: { id: result.order.id }, include: { items: true, events: true } });
    const products = await prisma.product.findMany({ where: { id: { in: checkout.items.map((item) => item.productId) } } });
    const expectedTotal = checkout.items.reduce((sum, item) => sum + item.quantity * products.find((p) => p.id === item.productId)!.priceCents, 0);
    expect(order.status).toBe("RECEIVED");
    expect(order.totalCents).toBe(expectedTotal);
    expect(order.items).toHaveLength(2);
    expect(order.publicToken).toMatch(/^[\w-]{32}$/);
    expect(order.events.map((event) => event.type)).toEqual(["RECEIVED"]); // the job itself says when it was queued

    const job = await getQueue(QueueName.erpSync).getJob(order.id);
    expect(job?.data).toEqual({ orderId: order.id });
    expect(job?.opts.attempts).toBe(JOB_ATTEMPTS[QueueName.erpSync]);
  });

  it("returns the same order when the same checkout is submitted again", async () => {
    const checkout = await checkoutFor();
    const first = await placeOrder(checkout);
    const before = await orderCount();

    const again = await placeOrder(checkout);

    expect(again).toEqual({ status: "replayed", order: (first as { order: unknown }).order });
    expect(await orderCount()).toBe(before);
  });

  it("answers a retry with the order even after one of its products was withdrawn", async () => {
    const checkout = await checkoutFor(["french-press"]);
    const first = await placeOrder(checkout);
    await prisma.product.update({ where: { slug: "french-press" }, data: { active: false } });
    try {
      expect(await placeOrder(checkout)).toEqual({ status: "replayed", order: (first as { order: unknown }).order });
    } finally {
      await prisma.product.update({ where: { slug: "french-press" }, data: { active: true } });
    }
  });

  it("creates one order from concurrent submissions of one checkout", async () => {
    const checkout = await checkoutFor();
    const results = await Promise.all(Array.from({ length: 10 }, () => placeOrder(checkout)));

    expect(new Set(results.map((result) => (result as { order: { id: string } }).order.id)).size).toBe(1);
    expect(results.filter((result) => result.status === "created")).toHaveLength(1);
    expect(await prisma.order.count({ where: { idempotencyKey: checkout.idempotencyKey } })).toBe(1);
  });

  it("refuses the same key with a different cart and writes nothing", async () => {
    const checkout = await checkoutFor();
    await placeOrder(checkout);
    const before = await orderCount();

    const reused = await placeOrder({ ...checkout, items: [{ ...checkout.items[0]!, quantity: 7 }] });

    expect(reused.status).toBe("conflict");
    expect(await orderCount()).toBe(before);
  });

  it("refuses malformed input with field errors and writes nothing", async () => {
    const before = await orderCount();
    const result = await placeOrder({ ...(await checkoutFor()), email: "not-an-email", items: [] });

    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(result.fieldErrors.email).toEqual(["Enter a valid email address"]);
    expect(result.fieldErrors.items).toEqual(["Your cart is empty"]);
    expect(await orderCount()).toBe(before);
  });

  describe("with the product changed by another process since this one priced it", () => {
    // Checkout prices from what this process last read of a product (lib/orders/pricing.ts); the
    // order's insert checks those rows against the table. These changes bypass lib/catalog/changes.ts,
    // as a write from another web instance would look to this one.
    const product = async () =>
      prisma.product.create({
        data: { slug: `kettle-${randomUUID()}`, sku: `KETTLE-${randomUUID()}`, name: "Stovetop Kettle", description: "Whistles", priceCents: 5_000, image: "/products/kettle.svg" },
      });
    const orderOf = (productId: string) => checkoutFor([], { items: [{ productId, quantity: 2 }] });

    it("charges the price at the moment of the order", async () => {
      const kettle = await product();
      expect(await placeOrder(await orderOf(kettle.id))).toMatchObject({ status: "created" });
      await prisma.product.update({ where: { id: kettle.id }, data: { priceCents: 6_500, name: "Whistling Kettle" } });

      const result = await placeOrder(await orderOf(kettle.id));

      expect(result.status).toBe("created");
      const order = await prisma.order.findUniqueOrThrow({ where: { id: (result as { order: { id: string } }).order.id }, include: { items: true } });
      expect(order.totalCents).toBe(13_000);
      expect(order.items.map(({ productName, unitPriceCents }) => ({ productName, unitPriceCents }))).toEqual([{ productName: "Whistling Kettle", unitPriceCents: 6_500 }]);
    });

    it("refuses a product withdrawn since, and writes nothing; sells it again once it is back", async () => {
      const kettle = await product();
      expect(await placeOrder(await orderOf(kettle.id))).toMatchObject({ status: "created" });
      await prisma.product.update({ where: { id: kettle.id }, data: { active: false } });
      const before = await orderCount();

      expect(await placeOrder(await orderOf(kettle.id))).toMatchObject({ status: "invalid", message: "An item in your cart is no longer available" });
      expect(await orderCount()).toBe(before);

      await prisma.product.update({ where: { id: kettle.id }, data: { active: true } });
      expect(await placeOrder(await orderOf(kettle.id))).toMatchObject({ status: "created" });
    });
  });

  it("refuses unknown and discontinued products, and ids no catalog product can have, and writes nothing", async () => {
    const before = await orderCount();
    const discontinued = await checkoutFor(["enamel-milk-pan"]);
    const ids = ["no-such-product", "c000000000000000000000000", "c\u0000".padEnd(25, "0"), "-".repeat(36), "x\u007f", "' OR ''='"];
    const unknown = await Promise.all(ids.map((productId) => checkoutFor(["stoneware-mug"], { items: [{ productId, quantity: 1 }] })));

    for (const checkout of [discontinued, ...unknown]) {
      const result = await placeOrder(checkout);
      expect(result, JSON.stringify(checkout.items)).toMatchObject({ status: "invalid", message: "An item in your cart is no longer available" });
    }
    expect(await orderCount()).toBe(before);
  });

  it("refuses control characters in what the shopper typed with a field error, and writes nothing", async () => {
    const before = await orderCount();
    for (const field of ["name", "addressLine1", "addressLine2", "city", "postalCode", "email"] as const) {
      for (const control of ["\u0000", "\u0001", "\n", "\u001f", "\u007f"]) {
        const result = await placeOrder(await checkoutFor(undefined, { [field]: `Ada${control}Lovelace` }));
        expect(result.status, `${field} ${JSON.stringify(control)}`).toBe("invalid");
        expect(Object.keys((result as { fieldErrors: object }).fieldErrors)).toEqual([field]);
      }
    }
    expect(await orderCount()).toBe(before);
  });

  it("refuses an order whose total would not fit, and writes nothing", async () => {
    // The dearest price a product can have: an order of two of them is past what an order's total holds.
    const vault = await prisma.product.create({
      data: { slug: `vault-${randomUUID()}`, sku: `VAULT-${randomUUID()}`, name: "Bank Vault", description: "Heavy", priceCents: 2 ** 31 - 1, image: "/products/vault.svg" },
    });
    try {
      const before = await orderCount();
      const one = await placeOrder(await checkoutFor([vault.slug]));
      const two = await placeOrder(await checkoutFor([vault.slug], { items: [{ productId: vault.id, quantity: 2 }] }));

      expect(one.status).toBe("created");
      expect(two).toEqual({
        status: "invalid",
        message: "This order is larger than the shop takes online; please split it into smaller orders",
        fieldErrors: { items: ["This order is larger than the shop takes online; please split it into smaller orders"] },
      });
      expect(await orderCount()).toBe(before + 1);
    } finally {
      await prisma.order.deleteMany({ where: { items: { some: { productId: vault.id } } } });
      await prisma.product.delete({ where: { id: vault.id } });
    }
  });
});
