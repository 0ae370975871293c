import { expect, test } from "@playwright/test";
import { sumSeries } from "../tests/support/prometheus";
import { logIn } from "./support/admin";
import { e2e } from "./support/env";
import { placeOrder } from "./support/shop";

const bearer = { authorization: `Bearer ${e2e.appEnv.METRICS_TOKEN}` };

test("the built app tells anyone whether it is healthy, and nothing more", async ({ request }) => {
  const strangers: Record<string, string>[] = [{}, { authorization: "Bearer not-the-token" }, { authorization: e2e.appEnv.METRICS_TOKEN }];
  for (const headers of strangers) {
    const response = await request.get("/api/health", { headers });
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  }
});

test("the built app reports its health in detail to the bearer of the metrics token and to an admin", async ({ request, page }) => {
  const response = await request.get("/api/health", { headers: bearer });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.ok).toBe(true);
  await logIn(page);
  expect((await (await page.request.get("/api/health")).json()).checks).toHaveLength(body.checks.length);
  expect(body.checks).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: "Database", state: "ok" }),
      expect.objectContaining({ name: "Migrations", state: "ok" }),
      // Earlier tests' ERP outages may leave it amber ("40% failed"), never down while it answers.
      expect.objectContaining({ name: "ERP", summary: expect.stringMatching(/^reachable in \d+ ms/) }),
    ]),
  );
});

test("the built app serves Prometheus metrics to the bearer of the token, the worker's included", async ({ page, request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  const scrape = async () => {
    const response = await request.get("/api/metrics", { headers: { authorization: `Bearer ${e2e.appEnv.METRICS_TOKEN}` } });
    expect(response.headers()["content-type"]).toContain("text/plain");
    return response.text();
  };
  const checkouts = (text: string) => sumSeries(text, "dispatch_checkout_duration_seconds_count", { process: "web", outcome: "created" }) ?? 0;
  const erpCalls = (text: string) => sumSeries(text, "dispatch_erp_call_duration_seconds_count", { process: "worker", outcome: "ok" }) ?? 0;
  const before = await scrape();

  await placeOrder(page);

  await expect.poll(async () => checkouts(await scrape())).toBe(checkouts(before) + 1);
  // The worker publishes a snapshot to Redis every 5 s; the ERP answers in 3 s here.
  await expect.poll(async () => erpCalls(await scrape()), { timeout: 20_000 }).toBeGreaterThan(erpCalls(before));
  await expect.poll(async () => sumSeries(await scrape(), "dispatch_orders", { status: "CONFIRMED" }) ?? 0).toBeGreaterThanOrEqual(1);
  expect(sumSeries(await scrape(), "dispatch_queue_lag_seconds", { queue: "erp-sync" })).toBeGreaterThanOrEqual(0);
});
