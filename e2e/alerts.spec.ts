import { expect, test } from "@playwright/test";
import { logIn } from "./support/admin";
import { sql } from "./support/shop";

test("the alert history needs a session", async ({ page }) => {
  await page.goto("/admin/alerts");
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Falerts$/);
});

test("the alert history lists alerts newest first, open ones marked, with their notices", async ({ page }) => {
  const detail = `e2e ${Date.now()}`;
  // One cleared yesterday after an alert and a recovery; one open now, reminded twice. The open
  // one's openCondition is this test's own, so the suite's running evaluator cannot clear it.
  await sql(
    `INSERT INTO "Alert" (condition, "openCondition", "openedAt", "notifiedAt", reminders, "clearedAt", "recoveredNoticeAt", count, detail) VALUES
       ('erp-breaker-open', NULL, now() - interval '1 day', now() - interval '1 day', 0, now() - interval '23 hours', now() - interval '23 hours', 12, $1),
       ('sync-sla-passed', $3, now() - interval '1 minute', now() - interval '1 minute', 2, NULL, NULL, 3, $2)`,
    [`${detail} breaker`, `${detail} sla`, detail],
  );
  await logIn(page);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();

  const rows = page.getByTestId("alert-row").filter({ hasText: detail });
  await expect(rows).toHaveCount(2);
  const openBadge = (row: number) => rows.nth(row).getByText("open", { exact: true });
  await expect(openBadge(0)).toBeVisible();
  await expect(rows.nth(0)).toContainText("3 orders not in the ERP after");
  await expect(rows.nth(0)).toContainText("alert, 2 reminders");
  await expect(openBadge(1)).toHaveCount(0);
  await expect(rows.nth(1)).toContainText("The ERP circuit breaker is open");
  await expect(rows.nth(1)).toContainText("alert, recovery");
  await expect(rows.nth(1).locator("time")).toHaveCount(2);
});
