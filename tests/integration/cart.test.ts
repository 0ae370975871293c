import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { newCartId, nextCartId } from "@/lib/cart/cookie";
import { changeLine, shopperCart, unitsIn } from "@/lib/cart/store";
import { db, prisma } from "@/lib/db";
import { placeCartOrder } from "@/lib/orders/place-order";
import { closeQueues } from "@/lib/queue";
import { sweep } from "../../worker/sweeper";
import { shopper } from "../support/orders";

afterAll(async () => {
  await closeQueues();
});

const productId = async (slug: string) => (await prisma.product.findUniqueOrThrow({ where: { slug } })).id;
const cartOf = (cartId: string) => shopperCart(cartId, newCartId);
const checkout = async (cartId: string) => placeCartOrder(cartId, { ...shopper, cartVersion: (await cartOf(cartId)).version });

describe("the cart on the server", () => {
  it("keeps all of 50 concurrent adds to one cart", async () => {
    const cartId = newCartId();
    const mug = await productId("stoneware-mug");

    const results = await Promise.all(Array.from({ length: 50 }, () => changeLine(cartId, mug, { add: 1 })));

    expect(results.every((result) => result.status === "changed")).toBe(true);
    const cart = await cartOf(cartId);
    expect(cart.lines.map((line) => [line.slug, line.quantity])).toEqual([["stoneware-mug", 50]]);
    expect(unitsIn(cart.lines)).toBe(50);
  });

  it("keeps lines in the order they were added, and an absolute set or removal touches one line", async () => {
    const cartId = newCartId();
    const [kettle, mug, towel] = await Promise.all(["gooseneck-kettle", "stoneware-mug", "linen-tea-towel"].map(productId));
    for (const id of [kettle!, mug!, towel!]) await changeLine(cartId, id, { add: 1 });

    await Promise.all([changeLine(cartId, mug!, { set: 4 }), changeLine(cartId, towel!, { set: 0 }), changeLine(cartId, kettle!, { add: 1 })]);

    expect((await cartOf(cartId)).lines.map((line) => [line.slug, line.quantity])).toEqual([
      ["gooseneck-kettle", 2],
      ["stoneware-mug", 4],
    ]);
  });

  it("stops at 99 of a product and says so", async () => {
    const cartId = newCartId();
    const pan = await productId("brew-scale");
    expect(await changeLine(cartId, pan, { set: 98 })).toEqual({ status: "changed", cartId, quantity: 98 });

    const [first, second] = [await changeLine(cartId, pan, { add: 1 }), await changeLine(cartId, pan, { add: 1 })];

    expect(first).toEqual({ status: "changed", cartId, quantity: 99 });
    expect(second).toEqual({ status: "limit" });
    expect((await cartOf(cartId)).lines[0]!.quantity).toBe(99);
  });

  it("refuses a withdrawn product, and shows one withdrawn or repriced since it was added", async () => {
    const cartId = newCartId();
    const [canister, grinder] = await Promise.all(["coffee-canister", "hand-grinder"].map(productId));
    await changeLine(cartId, canister!, { add: 1 });
    await changeLine(cartId, grinder!, { add: 1 });
    await prisma.product.update({ where: { id: canister! }, data: { active: false } });
    await prisma.product.update({ where: { id: grinder! }, data: { priceCents: { increment: 500 } } });
    try {
      expect(await changeLine(cartId, canister!, { add: 1 })).toEqual({ status: "unavailable" });
      const cart = await cartOf(cartId);
      expect(cart.lines.map(({ slug, available, pricedBefore }) => ({ slug, available, pricedBefore }))).toEqual([
        { slug: "coffee-canister", available: false, pricedBefore: null },
        { slug: "hand-grinder", available: true, pricedBefore: 11900 },
      ]);
      expect(unitsIn(cart.lines)).toBe(1);
    } finally {
      await prisma.product.update({ where: { id: canister! }, data: { active: true } });
      await prisma.product.update({ where: { id: grinder! }, data: { priceCents: { decrement: 500 } } });
    }
  });
});

describe("one cart, one order", () => {
  it("places one order from 10 concurrent checkouts of one cart; the others are told which", async () => {
    const cartId = newCartId();
    await changeLine(cartId, await productId("moka-pot"), { add: 1 });
    await changeLine(cartId, await productId("french-press"), { add: 1 });
    const cartVersion = (await cartOf(cartId)).version;

    const results = await Promise.all(Array.from({ length: 10 }, () => placeCartOrder(cartId, { ...shopper, cartVersion })));

    const created = results.filter((result) => result.status === "created");
    expect(created).toHaveLength(1);
    const order = (created[0] as { order: { id: string; number: number; publicToken: string } }).order;
    expect(results.filter((result) => result.status === "ordered")).toEqual(
      Array.from({ length: 9 }, () => ({ status: "ordered", order: { number: order.number, publicToken: order.publicToken } })),
    );
    const placed = await prisma.order.findMany({ where: { idempotencyKey: cartId }, include: { items: { orderBy: { position: "asc" } } } });
    expect(placed).toHaveLength(1);
    expect(placed[0]!.items.map((item) => item.productName)).toEqual(["Stovetop Moka Pot, 3 Cup", "French Press, 1 Litre"]);
  });

  it("places nothing when the cart changed since the page showed it", async () => {
    const cartId = newCartId();
    await changeLine(cartId, await productId("oak-serving-board"), { add: 1 });
    const shown = (await cartOf(cartId)).version;
    await changeLine(cartId, await productId("brew-scale"), { add: 1 });

    const result = await placeCartOrder(cartId, { ...shopper, cartVersion: shown });

    expect(result.status).toBe("changed");
    expect(await prisma.order.count({ where: { idempotencyKey: cartId } })).toBe(0);
    expect((await checkout(cartId)).status).toBe("created");
  });

  it("takes no change to an ordered cart: the change starts the next cart, and the ordered one is named until then", async () => {
    const cartId = newCartId();
    const cups = await productId("espresso-cups");
    await changeLine(cartId, cups, { add: 1 });
    const placed = await checkout(cartId);
    expect(placed.status).toBe("created");

    const afterOrder = await cartOf(cartId);
    expect(afterOrder.lines).toEqual([]);
    expect(afterOrder.orderedAs?.number).toBe((placed as { order: { number: number } }).order.number);

    const change = await changeLine(cartId, cups, { add: 1 });
    expect(change).toEqual({ status: "changed", cartId: nextCartId(cartId), quantity: 1 });
    const next = await cartOf(cartId);
    expect([next.id, next.orderedAs, unitsIn(next.lines)]).toEqual([nextCartId(cartId), null, 1]);
    const ordered = await prisma.order.findFirstOrThrow({ where: { idempotencyKey: cartId }, include: { items: true } });
    expect(ordered.items.map((item) => item.quantity)).toEqual([1]);
  });
});

describe("cart expiry", () => {
  it("the worker's sweep deletes carts idle for more than 30 days, and only those", async () => {
    const [idle, recent] = [newCartId(), newCartId()];
    const mug = await productId("stoneware-mug");
    await changeLine(idle, mug, { add: 1 });
    await changeLine(recent, mug, { add: 1 });
    await db.updateTable("Cart").set({ updatedAt: sql`now() - interval '30 days 1 minute'` }).where("id", "=", idle).execute();
    await db.updateTable("Cart").set({ updatedAt: sql`now() - interval '29 days 23 hours'` }).where("id", "=", recent).execute();

    expect((await sweep()).expiredCarts).toBeGreaterThanOrEqual(1);

    const left = await db.selectFrom("Cart").select("id").where("id", "in", [idle, recent]).execute();
    expect(left.map((cart) => cart.id)).toEqual([recent]);
    expect(await db.selectFrom("CartLine").select("cartId").where("cartId", "=", idle).execute()).toEqual([]);
  });
});
