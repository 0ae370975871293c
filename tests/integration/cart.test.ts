import { describe, expect, it } from "vitest";
import { loadCart } from "@/lib/cart";
import { prisma } from "@/lib/db";

describe("the cart", () => {
  it("shows a forged cookie's impossible product ids as nothing, not as a database error", async () => {
    const mug = await prisma.product.findUniqueOrThrow({ where: { slug: "stoneware-mug" } });

    const items = await loadCart([
      { productId: "nul\u0000id", quantity: 1 },
      { productId: mug.id, quantity: 2 },
    ]);

    expect(items.map((item) => [item.slug, item.quantity])).toEqual([["stoneware-mug", 2]]);
  });
});
