import { expect, test, type Locator, type Page } from "@playwright/test";
import { shopper } from "./support/shop";

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab" = "Tab") {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press(key);
    if (await target.evaluate((element) => element === document.activeElement)) {
      // The focus must be visible where it is.
      expect(await target.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe("none");
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

test("a shopper can buy with the keyboard alone", async ({ page }) => {
  await page.goto("/");
  await tabTo(page, page.getByRole("link", { name: "Skip to content" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("button", { name: "Add to cart: Oak Serving Board" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("(1)");

  await tabTo(page, page.getByRole("link", { name: /^Cart/ }), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await tabTo(page, page.getByRole("button", { name: "One more Oak Serving Board" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("cart-count")).toHaveText("(2)");
  await tabTo(page, page.getByRole("link", { name: "Checkout" }));
  await page.keyboard.press("Enter");

  await tabTo(page, page.getByLabel("Email"));
  for (const value of [shopper.Email, shopper["Full name"], shopper.Address, "", shopper.City, shopper["Postal code"]]) {
    await page.keyboard.type(value);
    await page.keyboard.press("Tab");
  }
  await expect(page.getByLabel("Country")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Place order" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Order received" })).toBeVisible();
});
