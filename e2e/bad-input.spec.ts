import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { logIn } from "./support/admin";
import { e2e } from "./support/env";
import { serverActions } from "./support/server-actions";

// The checkout API (the same placeOrder() as the Place order button) fed everything a careless or
// hostile client might send: each case gets a clear answer and writes nothing.

async function rowCounts(): Promise<string> {
  const client = new pg.Client({ connectionString: e2e.appEnv.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT (SELECT count(*) FROM "Order") o, (SELECT count(*) FROM "OrderItem") i, (SELECT count(*) FROM "OrderEvent") e`);
    return JSON.stringify(rows[0]);
  } finally {
    await client.end();
  }
}

async function products() {
  const client = new pg.Client({ connectionString: e2e.appEnv.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; slug: string; priceCents: number; active: boolean }>(`SELECT id, slug, "priceCents", active FROM "Product"`);
    return rows;
  } finally {
    await client.end();
  }
}

const customer = { email: "ada@example.com", name: "Ada Lovelace", addressLine1: "1 Analytical Way", city: "London", postalCode: "N1 9GU", country: "IE" };

function checkout(request: APIRequestContext, body: unknown, { key = randomUUID(), contentType = "application/json" } = {}) {
  return request.post("/api/orders", {
    headers: { "content-type": contentType, "idempotency-key": key },
    data: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
  });
}

test("bad checkouts are refused with a clear message and write nothing", async ({ request }) => {
  const catalog = await products();
  const active = catalog.find((product) => product.active)!;
  const inactive = catalog.find((product) => !product.active)!;
  const line = (quantity: unknown, productId: string = active.id) => ({ ...customer, items: [{ productId, quantity }] });
  const cases: [string, Parameters<typeof checkout>, number, RegExp][] = [
    ["unknown product", [request, line(1, "no-such-product")], 422, /no longer available/],
    ["inactive product", [request, line(1, inactive.id)], 422, /no longer available/],
    ["quantity 0", [request, line(0)], 422, /at least 1/],
    ["negative quantity", [request, line(-2)], 422, /at least 1/],
    ["fractional quantity", [request, line(1.5)], 422, /whole number/],
    ["absurd quantity", [request, line(1e9)], 422, /At most 99/],
    ["quantity as text", [request, line("3")], 422, /must be a number/],
    ["more than 100 lines", [request, { ...customer, items: Array.from({ length: 101 }, () => ({ productId: active.id, quantity: 1 })) }], 422, /At most 100/],
    ["missing fields", [request, { items: [{ productId: active.id, quantity: 1 }] }], 422, /highlighted fields/],
    ["invalid email", [request, { ...line(1), email: "ada" }], 422, /highlighted fields/],
    ["not JSON", [request, "{nope"], 400, /not valid JSON/],
    ["not an object", [request, "[1,2]"], 422, /JSON object/],
    ["wrong content type", [request, "email=ada", { contentType: "application/x-www-form-urlencoded" }], 415, /application\/json/],
    ["oversized body", [request, { ...line(1), padding: "x".repeat(70_000) }], 413, /at most 65536 bytes/],
  ];

  const before = await rowCounts();
  for (const [label, args, status, message] of cases) {
    const response = await checkout(...args);
    expect(response.status(), label).toBe(status);
    expect((await response.json()).error + JSON.stringify((await response.json()).fieldErrors ?? {}), label).toMatch(message);
  }
  const missingKey = await request.post("/api/orders", { headers: { "content-type": "application/json" }, data: JSON.stringify(line(1)) });
  expect(missingKey.status()).toBe(400);
  expect(await rowCounts()).toBe(before);
});

test("prices come from the database, whatever the client claims", async ({ request }) => {
  const product = (await products()).find((candidate) => candidate.active)!;
  const response = await checkout(request, { ...customer, items: [{ productId: product.id, quantity: 2, priceCents: 1 }], totalCents: 2 });
  expect(response.status()).toBe(201);
  const { token } = await response.json();
  const status = await (await request.get(`/api/orders/${token}`)).json();
  expect(status.total).toBe(new Intl.NumberFormat("en-IE", { style: "currency", currency: "EUR" }).format((2 * product.priceCents) / 100));
});

test("one idempotency key is one order: a replay returns it, another cart is refused", async ({ request }) => {
  const product = (await products()).find((candidate) => candidate.active)!;
  const key = randomUUID();
  const order = { ...customer, items: [{ productId: product.id, quantity: 1 }] };

  const first = await checkout(request, order, { key });
  const [again, concurrent] = await Promise.all([checkout(request, order, { key }), checkout(request, order, { key })]);
  const before = await rowCounts();
  const other = await checkout(request, { ...order, items: [{ productId: product.id, quantity: 5 }] }, { key });

  expect(first.status()).toBe(201);
  for (const replay of [again, concurrent]) {
    expect(replay.status()).toBe(200);
    expect(replay.headers()["idempotent-replayed"]).toBe("true");
    expect((await replay.json()).token).toBe((await first.json()).token);
  }
  expect(other.status()).toBe(409);
  expect(await rowCounts()).toBe(before);
});

test("what a shopper types is shown as text in the admin, never run", async ({ request, page }) => {
  const product = (await products()).find((candidate) => candidate.active)!;
  const name = '<img src=x onerror="window.__injected=1">';
  const response = await checkout(request, { ...customer, name, items: [{ productId: product.id, quantity: 1 }] });
  expect(response.status()).toBe(201);
  const { orderNumber } = await response.json();

  await logIn(page);
  await page.goto(`/admin/orders?q=${orderNumber}`);
  await expect(page.getByText(name)).toBeVisible();
  await page.getByRole("link", { name: orderNumber }).click();
  await expect(page.getByText(name).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
});

test("a stranger's order is as unknown as a missing one", async ({ request }) => {
  for (const token of ["a".repeat(32), "short", "..%2F..%2Fetc"]) {
    expect((await request.get(`/api/orders/${token}`)).status()).toBe(404);
  }
});

test("too many checkouts from one address get 429 with Retry-After", async ({ request }) => {
  const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
  const limit = Number(e2e.appEnv.CHECKOUT_RATE_LIMIT_PER_MINUTE);
  let response;
  for (let i = 0; i <= limit; i++) {
    response = await request.post("/api/orders", { headers: { "content-type": "application/json", "x-forwarded-for": address, "idempotency-key": randomUUID() }, data: "{}" });
  }
  expect(response!.status()).toBe(429);
  expect(Number(response!.headers()["retry-after"])).toBeGreaterThan(0);
  // Another address is not affected.
  const other = await request.post("/api/orders", { headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.7", "idempotency-key": randomUUID() }, data: "{}" });
  expect(other.status()).toBe(422);
});

test("polling an order's status too often from one address gets 429 with Retry-After", async ({ request }) => {
  const address = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
  const limit = Number(e2e.appEnv.STATUS_RATE_LIMIT_PER_MINUTE);
  const responses = [];
  // Up to the limit the answer is the usual one; past it, the client is told when to come back.
  for (let i = 0; i <= limit; i++) responses.push(await request.get(`/api/orders/${"a".repeat(32)}`, { headers: { "x-forwarded-for": address } }));
  expect(responses.slice(0, limit).every((response) => response.status() === 404)).toBe(true);
  expect(responses.at(-1)!.status()).toBe(429);
  expect(Number(responses.at(-1)!.headers()["retry-after"])).toBeGreaterThan(0);
});

test("pages carry the security headers, and server actions refuse foreign origins", async ({ request }) => {
  const page = await request.get("/");
  const headers = page.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");

  const addToCart = serverActions().find((action) => action.name === "addToCart")!;
  const forged = await request.post(addToCart.page, {
    headers: { "next-action": addToCart.id, "content-type": "text/plain;charset=UTF-8", origin: "https://evil.example" },
    data: JSON.stringify(["x"]),
  });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  expect(forged.headers()["set-cookie"] ?? "").not.toContain("dispatch_cart");
});
