import { expect, test } from "@playwright/test";
import { addToCart, fillCheckout, ordersFor, shopper } from "./support/shop";

test("a shopper places an order, sees it received at once and confirmed without reloading", async ({ page }) => {
  await page.goto("/");
  await addToCart(page, "Fieldstone Stoneware Mug", 1);
  await addToCart(page, "Ceramic Pour-Over Dripper", 2);

  await page.getByRole("link", { name: /^Cart/ }).click();
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  await page.getByRole("button", { name: "One more Fieldstone Stoneware Mug" }).click();
  await expect(page.getByLabel("Quantity of Fieldstone Stoneware Mug")).toHaveText("2");
  await expect(page.getByTestId("cart-count")).toHaveText("(3)");

  await page.getByRole("link", { name: "Checkout" }).click();
  await fillCheckout(page);
  const clickedAt = Date.now();
  await page.getByRole("button", { name: "Place order" }).click();

  // The ERP takes 3 s here; the shopper must not wait for it.
  await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible({ timeout: 1_000 });
  const acknowledgedMs = Date.now() - clickedAt;
  test.info().annotations.push({ type: "acknowledged after", description: `${acknowledgedMs} ms` });
  await expect(page.getByText(/^Order DSP-\d{6}$/)).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("(0)");

  // The page polls: mark this document, and check the same document shows the confirmation.
  await page.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("listitem").filter({ hasText: "Confirmed" }).first()).toHaveAttribute("data-reached", "true");
  await expect(page.getByRole("listitem").filter({ hasText: "Confirmation email sent" })).toHaveAttribute("data-reached", "true");
  expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
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

test("a malformed checkout shows field errors and places no order", async ({ page }) => {
  await page.goto("/products/oak-serving-board");
  await addToCart(page, "Oak Serving Board", 1);
  await page.goto("/checkout");
  await fillCheckout(page, { ...shopper, Email: "not-an-email", "Full name": "" });
  await page.getByRole("button", { name: "Place order" }).click();

  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Name is required")).toBeVisible();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByLabel("City")).toHaveValue("Amsterdam");
});

test("an unknown order link is a 404 page", async ({ page }) => {
  const response = await page.goto("/orders/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
