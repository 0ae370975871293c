import { expect, test } from "@playwright/test";
import { Redis } from "ioredis";
import { e2e } from "./support/env";
import { requestFrom } from "./support/from-address";

// The edge against a determined stranger (issue #15): each finding of the probes, as a request the
// built shop must answer safely.

/** A loopback address no proxy setting trusts: a stranger with a socket of their own. */
const STRANGER = "127.0.0.3";
const statusPoll = (from: string, headers: Record<string, string>) => requestFrom(from, `/api/orders/${"b".repeat(32)}`, { headers });

test("a stranger rotating X-Forwarded-For (and our own stamp header) is still one client, limited as one", async () => {
  const limit = Number(e2e.appEnv.STATUS_RATE_LIMIT_PER_MINUTE);
  const statuses: number[] = [];
  for (let i = 0; i <= limit; i++) {
    const forged = `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    statuses.push((await statusPoll(STRANGER, { "x-forwarded-for": forged, "x-dispatch-peer": forged })).status);
  }
  expect(statuses.slice(0, limit).every((status) => status === 404)).toBe(true);
  expect(statuses.at(-1)).toBe(429);
  // The trusted proxy's word still counts: the client it names has a bucket of its own.
  expect((await statusPoll(e2e.trustedProxy, { "x-forwarded-for": "198.51.100.200" })).status).toBe(404);
});

test("a header of 8 KB is never a rate-limit key, from a stranger or through the proxy", async () => {
  const junk = `${"x".repeat(8_000)}-${Date.now()}`;
  expect((await statusPoll(STRANGER.replace(/3$/, "4"), { "x-forwarded-for": junk })).status).toBeLessThan(500);
  expect((await statusPoll(e2e.trustedProxy, { "x-forwarded-for": junk })).status).toBeLessThan(500);
  const redis = new Redis(e2e.appEnv.REDIS_URL);
  try {
    const keys = await redis.keys(`${e2e.appEnv.QUEUE_PREFIX}:limit:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => key.length > 200)).toEqual([]);
  } finally {
    redis.disconnect();
  }
});

test("pages run only the scripts this response's nonce names: no 'unsafe-inline', a new nonce each time", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/", "/products/stoneware-mug", "/admin/login", "/no-such-page"]) {
    const response = await request.get(path);
    const policy = response.headers()["content-security-policy"]!;
    const scriptSrc = policy.split(";").find((directive) => directive.trim().startsWith("script-src"))!;
    expect(scriptSrc, path).not.toContain("unsafe-inline");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce, path).toBeTruthy();
    nonces.add(nonce!);
    const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length, path).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`)), path).toEqual([]);
  }
  expect(nonces.size).toBe(5);
  // The JSON API may do nothing at all in a browser.
  expect((await request.get("/api/health")).headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("a page under the nonce policy hydrates and works, with no script refused", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.goto("/products/stoneware-mug");
  await page.getByRole("button", { name: "Add to cart: Fieldstone Stoneware Mug" }).click();
  await expect(page.getByTestId("cart-count")).toHaveText(/\(\d+\)/);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect(refused).toEqual([]);
});
