import { expect, test } from "@playwright/test";
import { sumSeries } from "../tests/support/prometheus";
import { e2e } from "./support/env";
import { placeOrder } from "./support/shop";

test("the built app reports its health", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.ok).toBe(true);
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
