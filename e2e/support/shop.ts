import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { e2e } from "./env";

export const shopper = {
  Email: "grace@example.com",
  "Full name": "Grace Hopper",
  Address: "1 Harbour Street",
  City: "Amsterdam",
  "Postal code": "1011 AB",
};

/** A server action's answer (its request carries the action's id). */
export const serverActionAnswer = (page: Page) => page.waitForResponse((response) => response.request().headers()["next-action"] !== undefined);

/**
 * Adds one of a product from the page it is on, and waits until the server has it in the cart:
 * the header's count moves before the server answers, so it alone proves nothing.
 */
export async function addToCart(page: Page, productName: string, expectedCount: number) {
  const button = page.getByRole("button", { name: `Add to cart: ${productName}` });
  const answered = serverActionAnswer(page);
  await button.click();
  await answered;
  await expect(button).toHaveText("Add to cart");
  await expect(page.getByTestId("cart-count")).toHaveText(`(${expectedCount})`);
}

export async function fillCheckout(page: Page, fields: Partial<typeof shopper> = shopper) {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel("Country").selectOption("NL");
}

/** A whole checkout of one product; resolves with the order number once "Order received" shows. */
export async function placeOrder(page: Page, productSlug = "oak-serving-board", productName = "Oak Serving Board"): Promise<string> {
  await page.goto(`/products/${productSlug}`);
  await addToCart(page, productName, 1);
  await page.goto("/checkout");
  await fillCheckout(page);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible();
  const label = await page.getByText(/^Order DSP-\d{6}$/).textContent();
  return label!.replace("Order ", "");
}

/** One query against the suite's database. */
export async function sql<Row extends object>(text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: e2e.appEnv.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function ordersFor(email: string): Promise<number> {
  const [row] = await sql<{ count: string }>('SELECT count(*) FROM "Order" WHERE email = $1', [email]);
  return Number(row!.count);
}

/** The ERP simulator's run-time controls, as QA would use them. */
export async function setErp(settings: { latencyMs?: number; failureRate?: number; outage?: boolean; rejectPostalCodes?: string[]; unknownSkus?: string[] }) {
  const headers = { "content-type": "application/json", authorization: `Bearer ${e2e.appEnv.ERP_CONTROL_TOKEN}` };
  const response = await fetch(`${e2e.erpUrl}/control`, { method: "POST", headers, body: JSON.stringify(settings) });
  expect(response.ok).toBe(true);
}
