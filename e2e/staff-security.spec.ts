import { expect, test } from "@playwright/test";
import { logIn } from "./support/admin";

test("a session cookie copied before logout is refused after it", async ({ page, playwright }) => {
  await logIn(page);
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/admin\/login/);

  const thief = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: { cookies: copied, origins: [] } });
  expect((await thief.get("/api/admin/orders")).status()).toBe(401);
  await thief.dispose();
});

test("after login the merchant lands on the page they asked for", async ({ page }) => {
  await page.goto("/admin/orders?status=FAILED");
  await expect(page).toHaveURL(/\/admin\/login\?next=/);
  await logIn(page);
  await expect(page).toHaveURL(/\/admin\/orders\?status=FAILED$/);
});
