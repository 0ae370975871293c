import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/database-unavailable";
import { checkoutSchema, isProductId, mergeLines, requestHash, type CheckoutInput } from "@/lib/orders/checkout";
import { MAX_ORDER_TOTAL_CENTS, priceLines, type CatalogPrice } from "@/lib/orders/pricing";

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

  // C0 controls and DEL: PostgreSQL refuses NUL in text, and none of them belongs in an address.
  const controls = { NUL: "\u0000", bell: "\u0007", "line break": "\n", tab: "\t", "unit separator": "\u001f", DEL: "\u007f" };
  it.each([
    ["name", "Name"],
    ["addressLine1", "Address"],
    ["addressLine2", "Apartment, suite"],
    ["city", "City"],
  ] as const)("refuses control characters in %s with a message for people", (field, label) => {
    for (const [name, control] of Object.entries(controls)) {
      const result = checkoutSchema.safeParse({ ...valid, [field]: `Ada${control}Lovelace` });
      expect(result.error?.flatten().fieldErrors[field], name).toEqual([`${label} cannot contain tabs, line breaks or other invisible characters`]);
    }
  });

  it.each([
    ["email", "Enter a valid email address"],
    ["postalCode", "Enter a valid postal code"],
  ] as const)("refuses control characters in %s", (field, message) => {
    for (const [name, control] of Object.entries(controls)) {
      const result = checkoutSchema.safeParse({ ...valid, [field]: `${valid[field]}${control}1` });
      expect(result.error?.flatten().fieldErrors[field], name).toContain(message);
    }
  });

  it("accepts letters from any language, and trims spaces around a field", () => {
    const result = checkoutSchema.safeParse({ ...valid, name: "  Zoë Łukasiewicz-Núñez  ", addressLine1: "東京都千代田区 1-1", city: "Kraków" });
    expect(result.data).toMatchObject({ name: "Zoë Łukasiewicz-Núñez", addressLine1: "東京都千代田区 1-1", city: "Kraków" });
  });
});

describe("product ids", () => {
  it("have the catalog's shape (Prisma's cuid)", () => {
    expect(isProductId("cmx64nxaf0000q37d9i1cshc1")).toBe(true);
    for (const id of ["", "mug", "cmx64nxaf0000q37d9i1cshc", "cmx64nxaf0000q37d9i1cshc12", "Cmx64nxaf0000q37d9i1cshc1", "cmx64nxaf0000q37d9i1csh\u0000", "-".repeat(25), 42, null]) {
      expect(isProductId(id), JSON.stringify(id)).toBe(false);
    }
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

  it("refuses a cart whose total does not fit an order's total (a PostgreSQL integer)", () => {
    expect(MAX_ORDER_TOTAL_CENTS).toBe(2 ** 31 - 1);
    const vault = { id: "vault", sku: "VAULT", name: "Vault", priceCents: MAX_ORDER_TOTAL_CENTS, currency: "EUR", active: true };
    const tooLarge = { ok: false, message: "This order is larger than the shop takes online; please split it into smaller orders" };
    expect(priceLines([{ productId: "vault", quantity: 1 }], [vault])).toMatchObject({ ok: true, totalCents: MAX_ORDER_TOTAL_CENTS });
    expect(priceLines([{ productId: "vault", quantity: 99 }], [vault])).toEqual(tooLarge);
    expect(priceLines([{ productId: "vault", quantity: 1 }, { productId: "mug", quantity: 1 }], [vault, ...catalog])).toEqual(tooLarge);
    // Many lines, each affordable on its own.
    const shelf = Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, sku: `P-${i}`, name: `P${i}`, priceCents: 30_000_000, currency: "EUR", active: true }));
    expect(priceLines(shelf.map((product) => ({ productId: product.id, quantity: 1 })), shelf)).toEqual(tooLarge);
  });
});

// The shapes the pg driver and Prisma's adapter give these errors (tests/integration/database-outage.test.ts
// provokes the real ones); this is the classification alone.
describe("telling an unavailable database from other errors", () => {
  const withCode = (code: string, message = "database error") => Object.assign(new Error(message), { code });
  const throughPrisma = (cause: object) => Object.assign(new Error("Invalid `prisma.order.findUnique()` invocation"), { code: "P2039", meta: { driverAdapterError: Object.assign(new Error("adapter"), { cause }) } });

  it.each([
    ["connection refused", withCode("ECONNREFUSED")],
    ["connection reset", withCode("ECONNRESET")],
    ["connection timed out", withCode("ETIMEDOUT")],
    ["the pool's connection timeout", new Error("Connection terminated due to connection timeout", { cause: new Error("Connection terminated unexpectedly") })],
    ["no pooled connection in time", new Error("timeout exceeded when trying to connect")],
    ["a connection closed by the server", new Error("Connection terminated unexpectedly")],
    ["SQLSTATE class 08", withCode("08006")],
    ["an administrator's shutdown", withCode("57P01", "terminating connection due to administrator command")],
    ["a crash shutdown", withCode("57P02")],
    ["a server starting up", withCode("57P03", "the database system is starting up")],
    ["too many connections", withCode("53300")],
    ["a database not accepting connections", withCode("55000", 'database "shop" is not currently accepting connections')],
    ["Prisma: not reachable", throughPrisma({ kind: "DatabaseNotReachable", host: "db", port: 5432 })],
    ["Prisma: connection closed", throughPrisma({ kind: "ConnectionClosed" })],
    ["Prisma: a driver SQLSTATE", throughPrisma({ kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" })],
    ["deep in a cause chain", new Error("outer", { cause: new Error("middle", { cause: withCode("57P03") }) })],
    ["in an AggregateError", new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], "connect failed")],
  ])("recognises %s", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  const cyclic = new Error("cycle");
  (cyclic as { cause?: unknown }).cause = cyclic;
  it.each([
    ["a unique violation", withCode("23505")],
    ["a statement timeout", withCode("57014", "canceling statement due to statement timeout")],
    ["another 55000", withCode("55000", "cannot lock the table")],
    ["a file not found", withCode("ENOENT")],
    ["Prisma: a unique violation", throughPrisma({ kind: "UniqueConstraintViolation" })],
    ["a plain error", new Error("boom")],
    ["a cyclic cause chain", cyclic],
    ["a string", "ECONNREFUSED"],
    ["nothing", undefined],
  ])("does not mistake %s for it", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("checkout field errors", () => {
  it("are written for people, never the validator's own words, for every field too long", () => {
    const tooLong = (length: number) => "a".repeat(length);
    const result = checkoutSchema.safeParse({
      ...valid,
      email: `${tooLong(250)}@example.com`,
      name: tooLong(121),
      addressLine1: tooLong(201),
      addressLine2: tooLong(201),
      city: tooLong(101),
      postalCode: "1".repeat(21),
    });
    const messages = result.error!.issues.map((issue) => issue.message);
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const message of messages) expect(message).not.toMatch(/Too (big|small)|expected|Invalid/);
    expect(messages).toContain("Apartment, suite must be at most 200 characters");
  });

  it("keep lines where the shopper put them when merged for an order", () => {
    const lines = [
      { productId: "zz", quantity: 1 },
      { productId: "aa", quantity: 1 },
      { productId: "zz", quantity: 2 },
    ];
    expect(mergeLines(lines, { keepOrder: true })).toEqual([
      { productId: "zz", quantity: 3 },
      { productId: "aa", quantity: 1 },
    ]);
    const priced = priceLines([{ productId: "mug", quantity: 1 }, { productId: "dripper", quantity: 1 }], catalog);
    expect(priced.ok && priced.lines.map((line) => line.productId)).toEqual(["mug", "dripper"]);
  });
});
