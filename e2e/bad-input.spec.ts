import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { logIn } from "./support/admin";
import { e2e } from "./support/env";
import { requestFrom } from "./support/from-address";
import { serverActions } from "./support/server-actions";
import { addToCart, fillCheckout, ordersFor, serverActionAnswer, shopper, sql } from "./support/shop";

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
    ["NUL in the name", [request, { ...line(1), name: "Ada\u0000Lovelace" }], 422, /Name cannot contain tabs, line breaks or other invisible characters/],
    ["a line break in the city", [request, { ...line(1), city: "Lon\ndon" }], 422, /City cannot contain tabs, line breaks/],
    ["DEL in the address", [request, { ...line(1), addressLine1: "1 Analytical\u007f Way" }], 422, /Address cannot contain tabs, line breaks/],
    ["a control character in the apartment", [request, { ...line(1), addressLine2: "Flat\u001b2" }], 422, /Apartment, suite cannot contain tabs/],
    ["NUL in the email", [request, { ...line(1), email: "ada\u0000@example.com" }], 422, /valid email address/],
    ["NUL in a product id", [request, line(1, `c${"\u0000".repeat(24)}`)], 422, /no longer available/],
    ["a product id of dashes", [request, line(1, "-".repeat(36))], 422, /no longer available/],
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

test("an order larger than an order's total can hold is refused, and writes nothing", async ({ request }) => {
  // The dearest price a product can have: two of them are past what an order's total holds.
  const id = `c${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  await sql(`INSERT INTO "Product" (id, slug, sku, name, description, "priceCents", image) VALUES ($1, $1, $1, 'Bank Vault', 'Heavy', 2147483647, '/products/vault.svg')`, [id]);
  try {
    const before = await rowCounts();
    const response = await checkout(request, { ...customer, items: [{ productId: id, quantity: 2 }] });
    expect(response.status()).toBe(422);
    expect((await response.json()).error).toBe("This order is larger than the shop takes online; please split it into smaller orders");
    expect(await rowCounts()).toBe(before);
  } finally {
    await sql(`DELETE FROM "Product" WHERE id = $1`, [id]);
  }
});

test("a control character that gets past the checkout form's own checks is refused by the server with the field's error", async ({ page }) => {
  const email = `control-${randomUUID().slice(0, 8)}@example.com`;
  await page.goto("/products/oak-serving-board");
  await addToCart(page, "Oak Serving Board", 1);
  await page.goto("/checkout");
  await fillCheckout(page, { ...shopper, Email: email });
  // As a client without the page's script would send it: the form's checks never see the NUL.
  await page.route("**/checkout", async (route) => {
    const body = route.request().postDataBuffer()?.toString("utf8");
    await route.continue(body ? { postData: body.replace(shopper["Full name"], "Grace\u0000Hopper") } : undefined);
  });
  const answered = serverActionAnswer(page);
  await page.getByRole("button", { name: "Place order" }).click();

  expect((await answered).status()).toBe(200);
  await expect(page.getByText("Name cannot contain tabs, line breaks or other invisible characters")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(email);
  expect(await ordersFor(email)).toBe(0);
});

test("the cart refuses a product id no product can have", async ({ request }) => {
  const actions = serverActions();
  for (const [name, args] of [
    ["addToCart", [`c${"\u0000".repeat(24)}`]],
    ["setCartQuantity", ["-".repeat(36), 1]],
    ["setCartQuantity", ["x\u007f", 0]],
  ] as const) {
    const action = actions.find((candidate) => candidate.name === name)!;
    const response = await request.post(action.page, {
      headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", origin: e2e.webUrl },
      data: JSON.stringify(args),
    });
    expect(response.status(), name).toBe(200);
    expect(await response.text(), name).toContain("This product is no longer available");
    expect(response.headers()["set-cookie"] ?? "", name).not.toContain("dispatch_cart");
  }
});

test("malformed admin parameters get a clear 4xx, never a 500", async ({ page }) => {
  await logIn(page);
  const cursor = (text: string) => Buffer.from(text).toString("base64url");
  const badCursors = [cursor("2030-01-01T00:00:00.000Z|not-a-uuid"), cursor(`2030-01-01T00:00:00.000Z|${"-".repeat(36)}`), cursor(`2030-01-01T00:00:00.000Z|${randomUUID()}\u0000`)];
  for (const bad of badCursors) {
    const response = await page.request.get(`/api/admin/orders?cursor=${bad}`);
    expect(response.status(), bad).toBe(400);
    expect((await response.json()).error).toBe("That page of orders does not exist; start again from the first page");
    // The page opens the first page of every order instead.
    expect((await page.goto(`/admin/orders?status=FAILED&cursor=${bad}`))!.status(), bad).toBe(200);
    await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();
  }
  expect((await page.request.get("/api/admin/orders?q=ada%00")).status()).toBe(400);

  for (const id of ["-".repeat(36), "not-an-id", "%00"]) {
    const response = await page.request.get(`/api/admin/orders/${id}`);
    expect(response.status(), id).toBe(400);
    expect((await response.json()).error).toMatch(/UUID/);
    expect((await page.goto(`/admin/orders/${id}`))!.status(), id).toBe(404);
  }
  expect((await page.request.get(`/api/admin/orders/${randomUUID()}`)).status()).toBe(404);
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
    expect(replay.status()).toBe(201);
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

// Through the trusted proxy, so each test's client is an address of its own and the browser's is left alone.
const checkoutFrom = (address: string) =>
  requestFrom(e2e.trustedProxy, "/api/orders", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address, "idempotency-key": randomUUID() },
    body: "{}",
  });

test("too many checkouts from one address get 429 with Retry-After", async () => {
  const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
  const limit = Number(e2e.appEnv.CHECKOUT_RATE_LIMIT_PER_MINUTE);
  let response;
  for (let i = 0; i <= limit; i++) response = await checkoutFrom(address);
  expect(response!.status).toBe(429);
  expect(Number(response!.headers["retry-after"])).toBeGreaterThan(0);
  // Another address is not affected.
  expect((await checkoutFrom("198.51.100.7")).status).toBe(422);
});

test("polling an order's status too often from one address gets 429 with Retry-After", async () => {
  const address = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
  const limit = Number(e2e.appEnv.STATUS_RATE_LIMIT_PER_MINUTE);
  const responses = [];
  // Up to the limit the answer is the usual one; past it, the client is told when to come back.
  for (let i = 0; i <= limit; i++) responses.push(await requestFrom(e2e.trustedProxy, `/api/orders/${"a".repeat(32)}`, { headers: { "x-forwarded-for": address } }));
  expect(responses.slice(0, limit).every((response) => response.status === 404)).toBe(true);
  expect(responses.at(-1)!.status).toBe(429);
  expect(Number(responses.at(-1)!.headers["retry-after"])).toBeGreaterThan(0);
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
