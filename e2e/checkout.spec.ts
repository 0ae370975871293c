import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { notices } from "../lib/orders/timeline";
import { e2e } from "./support/env";
import { expectAccessible, trackLayoutShift } from "./support/pages";
import { addToCart, fillCheckout, ordersFor, placeOrder, setErp, shopper } from "./support/shop";

/** The ERP's latency as playwright.config.ts starts the simulator. */
const ERP_LATENCY_MS = 3_000;

/** The confirmation email the worker wrote for the order behind `token`, as text and HTML. */
async function confirmationEmail(token: string) {
  for (const file of (await readdir(e2e.outboxDir)).filter((name) => name.endsWith(".txt"))) {
    const text = await readFile(path.join(e2e.outboxDir, file), "utf8");
    if (text.includes(`/orders/${token}`)) return { text, html: await readFile(path.join(e2e.outboxDir, file.replace(/\.txt$/, ".html")), "utf8") };
  }
  throw new Error(`No confirmation email for ${token}`);
}

async function placeAndTimeAcknowledgement(page: Page) {
  const clickedAt = Date.now();
  await page.getByRole("button", { name: "Place order" }).click();
  // The ERP takes seconds; the shopper must not wait for it.
  await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible({ timeout: 1_000 });
  test.info().annotations.push({ type: "acknowledged after", description: `${Date.now() - clickedAt} ms` });
}

test("a shopper browses, fills a cart, checks out and sees the order received at once, then confirmed", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Fieldstone Stoneware Mug" }).click();
  await expect(page.getByRole("heading", { name: "Fieldstone Stoneware Mug" })).toBeVisible();
  await addToCart(page, "Fieldstone Stoneware Mug", 1);
  await page.getByRole("link", { name: "All products" }).click();
  await addToCart(page, "Ceramic Pour-Over Dripper", 2);

  await page.getByRole("link", { name: /^Cart/ }).click();
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  await page.getByRole("button", { name: "One more Fieldstone Stoneware Mug" }).click();
  await expect(page.getByLabel("Quantity of Fieldstone Stoneware Mug")).toHaveText("2");
  await expect(page.getByTestId("cart-count")).toHaveText("(3)");

  await page.getByRole("link", { name: "Checkout" }).click();
  await fillCheckout(page);
  await placeAndTimeAcknowledgement(page);
  await expect(page.getByText(/^Order DSP-\d{6}$/)).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("(0)");

  // The page polls: mark this document, and check the same document shows the confirmation.
  await page.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));
  const layoutShift = await trackLayoutShift(page);
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("listitem").filter({ hasText: "Confirmed" }).first()).toHaveAttribute("data-state", "done");
  await expect(page.getByRole("listitem").filter({ hasText: "Confirmation email sent" })).toHaveAttribute("data-state", "done");
  await expect(page.getByRole("status").filter({ hasText: "Confirmation email sent." })).toBeAttached();
  expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
  expect(await layoutShift(), "layout shift while the status changed").toBeLessThan(0.01);

  // The confirmation reads right as plain text and in a browser.
  const token = page.url().split("/orders/")[1]!;
  const email = await confirmationEmail(token);
  expect(email.text).toContain("YOUR ORDER IS CONFIRMED");
  expect(email.text).toMatch(/2 × Fieldstone Stoneware Mug\n€\d+\.\d\d/);
  expect(email.text).toContain(`Follow your order ${e2e.webUrl}/orders/${token}`);
  await page.setContent(email.html);
  await expect(page.getByRole("heading", { name: "Your order is confirmed" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Follow your order" })).toHaveAttribute("href", `${e2e.webUrl}/orders/${token}`);
  await expectAccessible(page);
});

test("with the ERP as slow as the real one, the order is acknowledged within 1 s and confirmed later", async ({ page }) => {
  await setErp({ latencyMs: 8_000 });
  try {
    await page.goto("/products/moka-pot");
    await addToCart(page, "Stovetop Moka Pot, 3 Cup", 1);
    await page.goto("/checkout");
    await fillCheckout(page);
    await placeAndTimeAcknowledgement(page);
    await expect(page.getByRole("listitem").filter({ hasText: "Sending to our warehouse" })).toHaveAttribute("aria-current", "step");
    await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 30_000 });
  } finally {
    await setErp({ latencyMs: ERP_LATENCY_MS });
  }
});

test("while the ERP is down the shopper reads that it takes longer, then sees the order confirmed once it is back", async ({ page }) => {
  await setErp({ outage: true });
  try {
    await placeOrder(page);
    await expect(page.getByTestId("order-notice")).toHaveText(notices.delayed);
    await expect(page.getByRole("status").filter({ hasText: "Taking longer than usual" })).toBeAttached();
    await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible();
    await expectAccessible(page); // the notice's colours too
  } finally {
    await setErp({ outage: false });
  }
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("order-notice")).toHaveCount(0); // the delay is over
});

test("a double click on Place order places exactly one order", async ({ page }) => {
  const email = `double-click-${Date.now()}@example.com`;
  await page.goto("/products/french-press");
  await addToCart(page, "French Press, 1 Litre", 1);
  await page.goto("/checkout");
  await fillCheckout(page, { ...shopper, Email: email });

  await page.getByRole("button", { name: "Place order" }).dblclick();

  await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible();
  expect(await ordersFor(email)).toBe(1);
});

test("a malformed checkout shows errors as the shopper types, places nothing, and goes through once fixed", async ({ page }) => {
  const email = `fixed-${Date.now()}@example.com`;
  await page.goto("/products/oak-serving-board");
  await addToCart(page, "Oak Serving Board", 1);
  await page.goto("/checkout");

  // Inline: leaving a field with a wrong value says what is wrong, before any submission.
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Email").blur();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

  await fillCheckout(page, { ...shopper, Email: "not-an-email", "Full name": "" });
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("form", { name: "Shipping details" }).getByRole("alert")).toHaveText("Please check the highlighted 2 fields.");
  await expect(page.getByText("Name is required")).toBeVisible();
  await expect(page.getByLabel("Email")).toBeFocused();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByLabel("City")).toHaveValue("Amsterdam");

  // Correcting a field clears its error at once; then the order goes through.
  await page.getByLabel("Email").fill(email);
  await expect(page.getByText("Enter a valid email address")).toHaveCount(0);
  await page.getByLabel("Full name").fill(shopper["Full name"]);
  expect(await ordersFor(email)).toBe(0);

  // While the server works the button says so and takes no second click: hold its answer to look.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/checkout", async (route) => {
    if (route.request().method() === "POST") await held;
    await route.continue();
  });
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("button", { name: "Placing order…" })).toBeDisabled();
  await expect(page.getByRole("form", { name: "Shipping details" })).toHaveAttribute("aria-busy", "true");
  release();
  await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible();
  expect(await ordersFor(email)).toBe(1);
});

test("an empty cart says so, on the cart page and at checkout", async ({ page }) => {
  for (const path of ["/cart", "/checkout"]) {
    await page.goto(path);
    await expect(page.getByText("Your cart is empty.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Place order" })).toHaveCount(0);
  }
  await page.getByRole("link", { name: "Browse the shop" }).click();
  await expect(page.getByTestId("product-card").first()).toBeVisible();
});

test("an unknown order link is a 404 page", async ({ page }) => {
  const response = await page.goto("/orders/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the shop" }).click();
  await expect(page.getByTestId("product-card").first()).toBeVisible();
});
