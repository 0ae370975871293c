import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { inviteAndJoin, linkMailedTo, logIn } from "./support/admin";
import { e2e } from "./support/env";
import { serverActions } from "./support/server-actions";
import { placeOrder, setErp, shopper, sql } from "./support/shop";

/** The admin's security through HTTP and the browser; tests/integration/staff-security.test.ts has the rest. */

/** A request context carrying a copy of this page's cookies, as someone who copied them would. */
async function copyOfCookies(page: Page, playwright: { request: { newContext: (options: object) => Promise<APIRequestContext> } }) {
  return playwright.request.newContext({ baseURL: e2e.webUrl, storageState: { cookies: await page.context().cookies(), origins: [] } });
}

test("a session cookie copied before logout is refused after it", async ({ page, playwright }) => {
  await logIn(page);
  const copy = await copyOfCookies(page, playwright);
  expect((await copy.get("/api/admin/orders")).status()).toBe(200);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/admin\/login$/);
  expect((await copy.get("/api/admin/orders")).status()).toBe(401);
});

test("after login the merchant lands on the page they asked for, and only ever inside the admin", async ({ page }) => {
  await page.goto("/admin/orders?status=FAILED");
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Forders%3Fstatus%3DFAILED$/);
  await logIn(page);
  await expect(page).toHaveURL(/\/admin\/orders\?status=FAILED$/);

  await page.getByRole("button", { name: "Log out" }).click();
  await page.goto(`/admin/login?next=${encodeURIComponent("//evil.example/admin")}`);
  await logIn(page);
  await expect(page).toHaveURL(new RegExp(`^${e2e.webUrl}/admin$`));
});

test("an invited operator retries a refused order, and the timeline names them", async ({ page, browser, context }) => {
  test.slow(); // two or three people, each in a browser of their own
  await logIn(page);
  const { page: operator, person } = await inviteAndJoin(page, browser, "operator");
  await expect(operator.getByRole("link", { name: "Staff" })).toHaveCount(0);
  try {
    await setErp({ rejectPostalCodes: [shopper["Postal code"]] });
    const number = await placeOrder(await context.newPage());
    await operator.goto(`/admin/orders?q=${number}`);
    await operator.getByRole("link", { name: number }).click();
    await expect(operator.getByTestId("order-status")).toHaveText("Failed", { timeout: 20_000 });
  } finally {
    await setErp({ rejectPostalCodes: [] });
  }
  operator.once("dialog", (dialog) => dialog.accept());
  await operator.getByRole("button", { name: "Retry sync" }).click();
  await expect(operator.getByTestId("order-status")).toHaveText("Confirmed", { timeout: 20_000 });
  await expect(operator.getByTestId("admin-timeline").getByRole("row").filter({ hasText: "RETRY_REQUESTED" })).toContainText(`${person.name} (${person.email})`);
  await expect(operator.goto("/admin/staff").then((response) => response!.status())).resolves.toBe(403);
  await expect(operator.getByRole("heading", { name: "Not with your role" })).toBeVisible();
});

test("a viewer reads everything, sees no controls, and every action they post is refused with 403 and changes nothing", async ({ page, browser, context }) => {
  test.slow(); // two or three people, each in a browser of their own
  await logIn(page);
  const { page: viewer } = await inviteAndJoin(page, browser, "viewer");
  const number = await placeOrder(await context.newPage());
  const [order] = await sql<{ id: string }>('SELECT id FROM "Order" WHERE number = $1', [Number(number.slice(4))]);
  await viewer.goto(`/admin/orders/${order!.id}`);
  await expect(viewer.getByTestId("order-status")).toHaveText("Confirmed", { timeout: 20_000 });
  await expect(viewer.getByRole("button", { name: "Retry sync" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Resend confirmation email" })).toHaveCount(0);
  const before = await sql('SELECT type, actor FROM "OrderEvent" WHERE "orderId" = $1 ORDER BY "createdAt"', [order!.id]);

  const actions = serverActions().filter((action) => /^app\/admin\/(actions|overview-actions|staff-actions)\.ts$/.test(action.file));
  expect(actions.map((action) => action.name)).toEqual(expect.arrayContaining(["retrySyncAction", "resendConfirmationAction", "setQueuePausedAction", "inviteAction", "removeStaffAction"]));
  for (const { id, name, page: path } of actions) {
    const response = await viewer.request.post(path, {
      headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", origin: e2e.webUrl },
      data: JSON.stringify([order!.id]),
      maxRedirects: 0,
    });
    expect(response.status(), name).toBe(403);
  }
  expect(await sql('SELECT type, actor FROM "OrderEvent" WHERE "orderId" = $1 ORDER BY "createdAt"', [order!.id])).toEqual(before);
  expect((await viewer.request.get(`/api/admin/orders/${order!.id}`)).status()).toBe(200);
});

test("a password change and an owner's revocation each end the sessions they should", async ({ page, browser, playwright }) => {
  test.slow(); // two or three people, each in a browser of their own
  await logIn(page);
  const { page: laptop, person } = await inviteAndJoin(page, browser, "viewer");
  const phone = await (await browser.newContext()).newPage();
  await logIn(phone, person);
  const phoneCopy = await copyOfCookies(phone, playwright);
  const laptopCopy = await copyOfCookies(laptop, playwright);

  await laptop.goto("/admin/account");
  await laptop.getByLabel("Current password").fill(person.password);
  await laptop.getByLabel("New password").fill("a brand new password");
  await laptop.getByLabel("The same again").fill("a brand new password");
  await laptop.getByRole("button", { name: "Change my password" }).click();
  await expect(laptop.getByRole("status")).toHaveText("Password changed. Every other session of yours has ended.");
  expect((await phoneCopy.get("/api/admin/orders")).status()).toBe(401);
  expect((await laptopCopy.get("/api/admin/orders")).status()).toBe(401); // the cookie from before the change
  expect((await laptop.request.get("/api/admin/orders")).status()).toBe(200); // the new one

  await page.goto("/admin/staff");
  const row = page.getByTestId("staff-row").filter({ hasText: person.email });
  await row.getByRole("button", { name: "End sessions" }).click();
  await expect(row.getByRole("status")).toHaveText("1 session ended");
  expect((await laptop.request.get("/api/admin/orders")).status()).toBe(401);
  await laptop.goto("/admin/orders");
  await expect(laptop).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Forders$/);
});

test("an invitation link works once", async ({ page, browser }) => {
  test.slow(); // two or three people, each in a browser of their own
  await logIn(page);
  const { person } = await inviteAndJoin(page, browser, "viewer");
  const again = await (await browser.newContext()).newPage();
  await again.goto(await linkMailedTo(person.email));
  await again.getByLabel("New password").fill("somebody else's password");
  await again.getByLabel("The same again").fill("somebody else's password");
  await again.getByRole("button", { name: "Set my password" }).click();
  await expect(again.getByText(/^This link has expired or was already used/)).toBeVisible();
});
