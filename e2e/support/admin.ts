import { expect, type Page } from "@playwright/test";
import { e2e } from "./env";

export async function logIn(page: Page, name = "Marta") {
  await page.goto("/admin/login");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(e2e.appEnv.ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText(`Logged in as ${name}`)).toBeVisible();
}
