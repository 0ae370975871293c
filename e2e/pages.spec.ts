import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support/admin";
import { expectAccessible, screenshot } from "./support/pages";
import { addToCart, fillCheckout, placeOrder } from "./support/shop";

// Every page the shopper and the merchant see, checked with axe in light and dark mode; the main
// ones are also kept as screenshots (see screenshot() for regenerating docs/screenshots/).
// A whole journey with two axe runs a page took up to 54 s of the default 60 s on a busy 2-core
// machine: these tours get more time, which measures nothing about the shop's speed.
test.describe.configure({ timeout: 120_000 });

/** Checks the page with axe and keeps a screenshot of it; the screenshot first, while the state holds. */
async function check(page: Page, name: string) {
  await screenshot(page, name);
  await expectAccessible(page);
}

/** The overview's sync chart: its bars span the card's width, over a time axis of five labels (0, 15, 30, 45 and 59 minutes ago). */
async function expectSyncChartFillsItsCard(page: Page) {
  const axis = page.getByTestId("sync-chart-axis");
  await expect(axis.locator("time")).toHaveCount(5);
  const bars = page.getByTestId("sync-chart").locator("rect");
  const [first, last, span] = await Promise.all([bars.first().boundingBox(), bars.last().boundingBox(), axis.boundingBox()]);
  // Within the gap between two bars (1 % of the width): a chart kept at its own aspect ratio is centred far from both edges.
  const gap = span!.width / 100;
  expect(first!.x, "the first minute's bar starts at the card's left").toBeLessThanOrEqual(span!.x + gap);
  expect(last!.x + last!.width, "the last minute's bar ends at the card's right").toBeGreaterThanOrEqual(span!.x + span!.width - gap);
}

/** The shopper's way through the shop, checking each page on the way; `prefix` names the screenshots. */
async function shopJourney(page: Page, prefix: string, afterEachPage: () => Promise<void> = async () => {}) {
  await page.goto("/");
  await check(page, `${prefix}home`);
  await afterEachPage();
  await page.goto("/cart");
  await expectAccessible(page); // empty
  await page.goto("/products/pour-over-dripper");
  await addToCart(page, "Ceramic Pour-Over Dripper", 1);
  await check(page, `${prefix}product`);
  await afterEachPage();
  await page.goto("/products/stoneware-mug");
  await addToCart(page, "Fieldstone Stoneware Mug", 2);
  await page.getByRole("link", { name: /^Cart/ }).click();
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  await check(page, `${prefix}cart`);
  await afterEachPage();
  await page.getByRole("link", { name: "Checkout" }).click();
  await expect(page.getByRole("button", { name: "Place order" })).toBeVisible();
  await check(page, `${prefix}checkout`);
  await afterEachPage();
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expectAccessible(page); // with every field in error
  await fillCheckout(page);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible();
  await check(page, `${prefix}order-received`);
  await afterEachPage();
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 20_000 });
  await check(page, `${prefix}order-confirmed`);
}

test.describe("at 1440 px", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("the shop's pages pass axe", async ({ page }) => {
    await shopJourney(page, "");
    await page.goto("/orders/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    await expectAccessible(page);
    await page.goto("/products/no-such-product");
    await expectAccessible(page);
  });

  test("the admin's pages pass axe", async ({ page, context }) => {
    await placeOrder(await context.newPage()); // an order for the tables and the detail page
    await page.goto("/admin/login");
    await expectAccessible(page);
    await logIn(page);
    await page.goto("/admin");
    await expect(page.getByTestId("service-erp")).toBeVisible();
    await check(page, "admin-overview");
    await expectSyncChartFillsItsCard(page);
    await page.goto("/admin/orders");
    await expect(page.getByTestId("order-row").first()).toBeVisible();
    await check(page, "admin-orders");
    await page.getByTestId("order-row").first().getByRole("link").first().click();
    await expect(page.getByTestId("admin-timeline")).toBeVisible();
    await check(page, "admin-order");
  });
});

test.describe("at 375 px", () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test("the admin overview fits a phone, its sync chart fills the card over a time axis, and it passes axe", async ({ page }) => {
    await logIn(page);
    await page.goto("/admin");
    await expect(page.getByTestId("service-erp")).toBeVisible();
    await check(page, "mobile-admin-overview");
    await expectSyncChartFillsItsCard(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(375);
  });

  test("a shopper buys on a phone; every page fits the screen and passes axe", async ({ page }) => {
    await shopJourney(page, "mobile-", async () => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `no sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(375);
    });
  });
});
