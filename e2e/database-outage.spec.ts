import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { e2e } from "./support/env";
import { addToCart, fillCheckout, ordersFor, serverActionAnswer, shopper, sql } from "./support/shop";

// PostgreSQL refusing the shop's database while the built app runs, as it does while the database
// restarts or is taken offline: checkout says so honestly, and works again once it is back.

const database = new URL(e2e.appEnv.DATABASE_URL).pathname.slice(1);

/** One statement on the server's `postgres` database, which stays open throughout. */
async function onServer(text: string): Promise<void> {
  const url = new URL(e2e.appEnv.DATABASE_URL);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** New connections to the shop's database are refused, and the open ones (web's and worker's pools) are cut. */
async function refuseConnections(): Promise<void> {
  await onServer(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
  await onServer(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`);
}

const allowConnections = () => onServer(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);

// However a test ends (a failure, a timeout), the specs after it get their database back.
test.afterEach(allowConnections);

const unavailableMessage = "The shop is briefly unavailable and nothing was ordered yet. Please try again in a moment.";

test("with PostgreSQL refusing connections, checkout answers 503 and keeps what the shopper typed; once it is back, the same submission places the order", async ({ page, request }) => {
  const [product] = await sql<{ id: string }>(`SELECT id FROM "Product" WHERE slug = 'oak-serving-board'`);
  const apiOrder = (email: string) => ({
    email,
    name: "Ada Lovelace",
    addressLine1: "1 Analytical Way",
    city: "Dublin",
    postalCode: "D02 X285",
    country: "IE",
    items: [{ productId: product!.id, quantity: 1 }],
  });
  const placeThroughApi = (email: string) =>
    request.post("/api/orders", { headers: { "content-type": "application/json", "idempotency-key": randomUUID() }, data: apiOrder(email) });
  const earlier = await placeThroughApi(`earlier-${randomUUID().slice(0, 8)}@example.com`);
  expect(earlier.status()).toBe(201);
  const { token } = await earlier.json();

  const email = `outage-${randomUUID().slice(0, 8)}@example.com`;
  const typed = { ...shopper, Email: email };
  await page.goto("/products/oak-serving-board");
  await addToCart(page, "Oak Serving Board", 1);
  await page.goto("/checkout");
  await fillCheckout(page, typed);

  await refuseConnections();

  const api = await placeThroughApi(email);
  expect(api.status()).toBe(503);
  expect(api.headers()["retry-after"]).toBe("5");
  expect(await api.json()).toEqual({ error: "The shop is briefly unavailable and nothing was ordered; try again in a few seconds" });

  const status = await request.get(`/api/orders/${token}`);
  expect(status.status()).toBe(503);
  expect(status.headers()["retry-after"]).toBe("5");
  expect(await status.json()).toEqual({ error: "The shop is briefly unavailable; try again in a few seconds" });

  const answered = serverActionAnswer(page);
  await page.getByRole("button", { name: "Place order" }).click();
  expect((await answered).status()).toBe(200);
  await expect(page.getByRole("form", { name: "Shipping details" }).getByRole("alert")).toHaveText(unavailableMessage);
  for (const [label, value] of Object.entries(typed)) await expect(page.getByLabel(label, { exact: true })).toHaveValue(value);
  await expect(page.getByLabel("Country")).toHaveValue("NL");

  await allowConnections();
  expect(await ordersFor(email)).toBe(0);

  // The same web process (and worker) carry on: the same submission places the order, and it is confirmed.
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible();
  expect(await ordersFor(email)).toBe(1);
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 20_000 });
});
