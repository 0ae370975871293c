import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support/admin";
import { placeOrder } from "./support/shop";

/**
 * The server renders in UTC; a shopper or merchant elsewhere must see their own clock, and the
 * page must hydrate without React finding the server's text different from its own.
 */
for (const timezoneId of ["America/New_York", "Asia/Kolkata"]) {
  test.describe(`in ${timezoneId}`, () => {
    test.use({ timezoneId });

    /** Every console error or warning and uncaught error of the page, from now on. */
    function collectProblems(page: Page): string[] {
      const problems: string[] = [];
      page.on("console", (message) => {
        // The admin's email preview is sandboxed on purpose: Chromium reports, now and then, that the
        // sandbox kept a script out of it. That is the sandbox working, not a problem of the page.
        if (message.text().startsWith("Blocked script execution in 'about:srcdoc'")) return;
        if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
      return problems;
    }

    /** The `<time>` elements' text, each with what it should read in the browser's zone. */
    async function expectLocalTimes(page: Page, options: Intl.DateTimeFormatOptions, scope = page.locator("body")) {
      const times = scope.locator("time[datetime]");
      await expect(times.first()).toBeVisible();
      const shown = await times.evaluateAll((elements) => elements.map((element) => [element.getAttribute("datetime")!, element.textContent!]));
      expect(shown.length).toBeGreaterThan(0);
      for (const [iso, text] of shown) {
        expect(text, iso).toBe(new Date(iso!).toLocaleString("en-GB", { ...options, timeZone: timezoneId }));
      }
    }

    test("the order page shows the shopper's local times and hydrates without a mismatch", async ({ page }) => {
      await placeOrder(page);
      const problems = collectProblems(page);
      await page.reload(); // a server render of the order page, then hydration
      await expect(page.getByRole("heading", { name: /Order (received|confirmed)/ })).toBeVisible();
      await expectLocalTimes(page, { hour: "2-digit", minute: "2-digit", second: "2-digit" }, page.getByTestId("timeline"));
      expect(problems).toEqual([]);
    });

    test("the admin's order page shows the merchant's local times and hydrates without a mismatch", async ({ page, context }) => {
      const number = await placeOrder(await context.newPage());
      await logIn(page);
      await page.goto(`/admin/orders?q=${number}`);
      await page.getByRole("link", { name: number }).click();
      await expect(page.getByTestId("admin-timeline")).toBeVisible();
      const problems = collectProblems(page);
      await page.reload();
      await expect(page.getByTestId("admin-timeline")).toBeVisible();
      await expectLocalTimes(page, { hour: "2-digit", minute: "2-digit", second: "2-digit" }, page.getByTestId("admin-timeline"));
      await expectLocalTimes(page, { dateStyle: "medium", timeStyle: "medium" }, page.getByTestId("order-facts"));
      expect(problems).toEqual([]);
    });

    test("the overview's sync chart labels its time axis in local time and hydrates without a mismatch", async ({ page }) => {
      await logIn(page);
      const problems = collectProblems(page);
      await page.goto("/admin");
      await expectLocalTimes(page, { hour: "2-digit", minute: "2-digit" }, page.getByTestId("sync-chart-axis"));
      expect(problems).toEqual([]);
    });

    test("the admin's orders table hydrates without a mismatch and dates its rows in local time", async ({ page, context }) => {
      await placeOrder(await context.newPage());
      await logIn(page);
      const problems = collectProblems(page);
      await page.goto("/admin/orders");
      const placed = page.getByTestId("order-row").first().locator("time");
      await expect(placed).toHaveText(/ago|now/);
      const iso = (await placed.getAttribute("datetime"))!;
      await expect(placed).toHaveAttribute("title", new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: timezoneId }));
      expect(problems).toEqual([]);
    });
  });
}
