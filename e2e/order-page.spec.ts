import { expect, test, type Page } from "@playwright/test";
import { resendEvent, deliverWebhook } from "../tests/support/fake-resend";
import { testEnv } from "../tests/test-env";
import { logIn } from "./support/admin";
import { e2e } from "./support/env";
import { placeOrder, setErp, sql } from "./support/shop";

/** The ERP's latency as playwright.config.ts starts the simulator. */
const ERP_LATENCY_MS = 3_000;

const step = (page: Page, label: string) => page.getByTestId("timeline").getByRole("listitem").filter({ hasText: label });

test("the order page says what is done, what is in progress, and that the confirmation was sent only once it was", async ({ page }) => {
  await setErp({ latencyMs: 8_000 });
  try {
    await placeOrder(page);
    // While the ERP call runs: received is done, sending is in progress, the rest is ahead.
    await expect(step(page, "Sending to our warehouse")).toHaveAttribute("aria-current", "step");
    await expect(step(page, "Sending to our warehouse")).toContainText("In progress");
    await expect(step(page, "Order received")).toHaveAttribute("data-state", "done");
    await expect(step(page, "Order received")).not.toHaveAttribute("aria-current");
    for (const later of ["Confirmed", "Confirmation email sent"]) {
      await expect(step(page, later)).toHaveAttribute("data-state", "ahead");
      await expect(step(page, later).getByText("✓")).toHaveCount(0);
    }
    await expect(page.getByText("We'll send a confirmation to grace@example.com")).toBeVisible();
    await expect(page.getByText(/sent a confirmation/)).toHaveCount(0);
  } finally {
    await setErp({ latencyMs: ERP_LATENCY_MS });
  }

  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 30_000 });
  await expect(step(page, "Confirmation email sent")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("timeline").locator("[aria-current]")).toHaveCount(0);
  await expect(page.getByTestId("timeline").getByText("In progress")).toHaveCount(0);
  await expect(page.getByText("We've sent a confirmation to grace@example.com")).toBeVisible();
  await expect(page.getByText(/We'll send a confirmation/)).toHaveCount(0);
});

test("offline, the order page says it cannot reach the shop and keeps trying; back online, it carries on", async ({ page, context }) => {
  const unreachable = page.getByText("We can't reach the shop right now; this page keeps trying.");
  await setErp({ outage: true }); // the order stays unconfirmed, so the page keeps polling
  try {
    await placeOrder(page);
    await expect(unreachable).toHaveCount(0);
    await context.setOffline(true);
    await expect(unreachable).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "can't reach the shop" })).toBeAttached();
    await context.setOffline(false);
    await expect(unreachable).toHaveCount(0);
  } finally {
    await context.setOffline(false);
    await setErp({ outage: false });
  }
  // Still polling: the page sees the order through once the ERP is back.
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 30_000 });
});

test("the order pages show each email's delivery as Resend reports it, and the admin's status line follows the timeline", async ({ page }) => {
  const number = await placeOrder(page);
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible({ timeout: 30_000 });
  const emails = page.getByTestId("order-emails");
  await expect(emails).toContainText(`Order ${number} is confirmed`);
  await expect(emails).toContainText("Sent");

  const token = new URL(page.url()).pathname.split("/").at(-1);
  const [email] = await sql<{ orderId: string; providerId: string }>(
    'SELECT e."orderId", e."providerId" FROM "OrderEmail" e JOIN "Order" o ON o.id = e."orderId" WHERE o."publicToken" = $1',
    [token],
  );
  const endpoint = `${e2e.webUrl}/api/webhooks/resend`;
  // Unsigned: refused, and nothing changes.
  expect((await fetch(endpoint, { method: "POST", body: JSON.stringify(resendEvent("email.bounced", email!.providerId)) })).status).toBe(400);
  expect((await deliverWebhook(endpoint, testEnv.resendWebhookSecret, resendEvent("email.delivery_delayed", email!.providerId))).status).toBe(200);
  expect((await deliverWebhook(endpoint, testEnv.resendWebhookSecret, resendEvent("email.delivered", email!.providerId))).status).toBe(200);

  await page.reload();
  await expect(emails).toContainText("Delivered");

  await logIn(page);
  await page.goto(`/admin/orders/${email!.orderId}`);
  const timeline = page.getByTestId("admin-timeline");
  await expect(timeline.getByRole("row").nth(-2)).toContainText("EMAIL_DELIVERY_DELAYED");
  await expect(timeline.getByRole("row").nth(-1)).toContainText("Confirmation delivered, Resend reported at");
  await expect(page.getByTestId("email-delivery")).toHaveText(/^delivered at /);
});
