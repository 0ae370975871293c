import { expect, test } from "@playwright/test";
import { addToCart, serverActionAnswer, sql } from "./support/shop";

test("cart changes show at once, before the server answers, and the server keeps them", async ({ page }) => {
  await page.goto("/products/moka-pot");
  await addToCart(page, "Stovetop Moka Pot, 3 Cup", 1);
  await page.goto("/cart");
  const subtotal = await page.getByTestId("cart-subtotal").textContent();

  // Hold the server's answer until the page has been checked.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/cart", async (route) => {
    if (route.request().method() === "POST") await held;
    await route.continue();
  });
  const answered = serverActionAnswer(page);
  await page.getByRole("button", { name: "One more Stovetop Moka Pot, 3 Cup" }).click();
  await expect(page.getByLabel("Quantity of Stovetop Moka Pot, 3 Cup")).toHaveText("2");
  await expect(page.getByTestId("cart-count")).toHaveText("(2)");
  await expect(page.getByTestId("cart-subtotal")).not.toHaveText(subtotal!);
  release();
  await answered;
  await page.unroute("**/cart");

  await page.reload();
  await expect(page.getByLabel("Quantity of Stovetop Moka Pot, 3 Cup")).toHaveText("2");
  await page.getByRole("button", { name: "Remove Stovetop Moka Pot, 3 Cup" }).click();
  await expect(page.getByText("Your cart is empty.")).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("(0)");
  await page.reload();
  await expect(page.getByText("Your cart is empty.")).toBeVisible();
});

test("a change the server refuses rolls back and says why", async ({ page }) => {
  await page.goto("/products/linen-tea-towel");
  await addToCart(page, "Striped Linen Tea Towel", 1);
  await page.goto("/cart");
  // Taken off sale while the shopper looks at the cart: the server refuses more of it.
  await sql(`UPDATE "Product" SET active = false WHERE slug = 'linen-tea-towel'`);
  try {
    await page.getByRole("button", { name: "One more Striped Linen Tea Towel" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "no longer available" })).toHaveText(
      "Striped Linen Tea Towel: This product is no longer available. Your cart is as it was.",
    );
    await expect(page.getByLabel("Quantity of Striped Linen Tea Towel")).toHaveText("1");
    await expect(page.getByTestId("cart-count")).toHaveText("(1)");
  } finally {
    await sql(`UPDATE "Product" SET active = true WHERE slug = 'linen-tea-towel'`);
  }
});

test("at 99 of a product, Add to cart says the cart holds the most one order can, and + is disabled", async ({ page, context }) => {
  await page.goto("/products/french-press");
  await addToCart(page, "French Press, 1 Litre", 1);
  // The cookie holds "<cart id>.<signature>"; bring the line to 98 as 97 more clicks would.
  const cartId = (await context.cookies()).find((cookie) => cookie.name === "dispatch_cart")!.value.split(".")[0];
  await sql(`UPDATE "CartLine" SET quantity = 98 WHERE "cartId" = $1`, [cartId]);
  await page.reload();

  await addToCart(page, "French Press, 1 Litre", 99);
  await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
  const answered = serverActionAnswer(page);
  await page.getByRole("button", { name: "Add to cart: French Press, 1 Litre" }).click();
  await answered;
  await expect(page.getByRole("status").filter({ hasText: "You have 99 in your cart, the most one order can hold" })).toBeVisible();
  await expect(page.getByTestId("cart-count")).toHaveText("(99)");

  await page.goto("/cart");
  await expect(page.getByLabel("Quantity of French Press, 1 Litre")).toHaveText("99");
  await expect(page.getByRole("button", { name: "One more French Press, 1 Litre" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "One fewer French Press, 1 Litre" })).toBeEnabled();
});
