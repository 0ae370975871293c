import { describe, expect, it } from "vitest";
import { checkoutSchema, mergeLines, requestHash, type CheckoutInput } from "@/lib/orders/checkout";
import { priceLines, type CatalogPrice } from "@/lib/orders/pricing";

const valid: CheckoutInput = {
  idempotencyKey: "6f1c1a52-8a4b-4a38-9a8e-0b1e5b7d2c11",
  email: "ada@example.com",
  name: "Ada Lovelace",
  addressLine1: "12 St James's Square",
  city: "Berlin",
  postalCode: "10115",
  addressLine2: undefined,
  country: "DE",
  items: [{ productId: "mug", quantity: 2 }],
};

const catalog: CatalogPrice[] = [
  { id: "mug", sku: "CER-SM-01", name: "Mug", priceCents: 1800, currency: "EUR", active: true },
  { id: "dripper", sku: "BRW-PO-01", name: "Dripper", priceCents: 2900, currency: "EUR", active: true },
  { id: "pan", sku: "CKW-MP-01", name: "Pan", priceCents: 2600, currency: "EUR", active: false },
];

describe("checkout validation", () => {
  it("accepts a complete checkout", () => {
    expect(checkoutSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ["quantity 0", { items: [{ productId: "mug", quantity: 0 }] }, "items"],
    ["negative quantity", { items: [{ productId: "mug", quantity: -1 }] }, "items"],
    ["fractional quantity", { items: [{ productId: "mug", quantity: 1.5 }] }, "items"],
    ["absurd quantity", { items: [{ productId: "mug", quantity: 1e9 }] }, "items"],
    ["empty cart", { items: [] }, "items"],
    ["101 lines", { items: Array.from({ length: 101 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })) }, "items"],
    ["bad email", { email: "ada" }, "email"],
    ["blank name", { name: "   " }, "name"],
    ["unknown country", { country: "XX" }, "country"],
    ["missing key", { idempotencyKey: undefined }, "idempotencyKey"],
  ])("refuses %s", (_label, change, field) => {
    const result = checkoutSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(Object.keys(result.error!.flatten().fieldErrors)).toContain(field);
  });
});

describe("request fingerprint", () => {
  it("is the same for the same cart however it is split or ordered", () => {
    const split = { ...valid, items: [{ productId: "dripper", quantity: 1 }, { productId: "mug", quantity: 1 }, { productId: "mug", quantity: 1 }] };
    const joined = { ...valid, items: [{ productId: "mug", quantity: 2 }, { productId: "dripper", quantity: 1 }] };
    expect(requestHash(split)).toBe(requestHash(joined));
  });

  it("changes with the cart or the address, not with the key", () => {
    expect(requestHash({ ...valid, items: [{ productId: "mug", quantity: 3 }] })).not.toBe(requestHash(valid));
    expect(requestHash({ ...valid, city: "Paris" })).not.toBe(requestHash(valid));
    expect(requestHash({ ...valid, idempotencyKey: "0a5d8a0e-3d1e-4e57-8c0c-4c7d9b0e7f00" })).toBe(requestHash(valid));
  });
});

describe("pricing", () => {
  it("prices from the catalog and merges repeated lines", () => {
    const priced = priceLines(mergeLines([{ productId: "mug", quantity: 1 }, { productId: "dripper", quantity: 1 }, { productId: "mug", quantity: 2 }]), catalog);
    expect(priced).toEqual({
      ok: true,
      currency: "EUR",
      totalCents: 3 * 1800 + 2900,
      lines: [
        { productId: "dripper", sku: "BRW-PO-01", productName: "Dripper", unitPriceCents: 2900, quantity: 1 },
        { productId: "mug", sku: "CER-SM-01", productName: "Mug", unitPriceCents: 1800, quantity: 3 },
      ],
    });
  });

  it("refuses unknown and inactive products", () => {
    expect(priceLines([{ productId: "nope", quantity: 1 }], catalog)).toEqual({ ok: false, message: "An item in your cart is no longer available" });
    expect(priceLines([{ productId: "pan", quantity: 1 }], catalog).ok).toBe(false);
  });

  it("refuses a quantity that only exceeds the limit once lines are merged", () => {
    expect(priceLines([{ productId: "mug", quantity: 60 }, { productId: "mug", quantity: 60 }], catalog)).toEqual({ ok: false, message: "At most 99 of Mug" });
  });
});
