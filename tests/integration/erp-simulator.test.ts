import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startErpSimulator, type RunningErpSimulator } from "../../erp/server";

/**
 * The ERP simulator over real HTTP, started in-process on a free port with a short latency.
 * Waits are on the simulator's own responses; the one exception (an order recorded after its
 * client gave up) is observed by polling /stats with a deadline.
 */

const LATENCY_MS = 80;
let erp: RunningErpSimulator;

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${erp.url}${path}`, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const submit = (key: string | undefined, body: unknown) =>
  call("POST", "/orders", body, key === undefined ? {} : { "idempotency-key": key });
const stats = async () => (await call("GET", "/stats")).body;
const control = (settings: unknown) => call("POST", "/control", settings);

function order(orderId = "ord_1", extra: Record<string, unknown> = {}) {
  return {
    orderId,
    number: "D-1001",
    email: "ada@example.com",
    name: "Ada Lovelace",
    shippingAddress: { line1: "1 Analytical Way", city: "London", postalCode: "N1 1AA", country: "GB" },
    items: [
      { sku: "MUG-01", name: "Mug", quantity: 2, unitPriceCents: 1200 },
      { sku: "TEE-02", name: "T-shirt", quantity: 1, unitPriceCents: 2500 },
    ],
    totalCents: 4900,
    currency: "EUR",
    ...extra,
  };
}

/** Bounded poll, for effects that happen after the last response a test can await. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  erp = await startErpSimulator({ port: 0, latencyMs: LATENCY_MS, quiet: true });
});

afterAll(async () => {
  await erp?.close();
});

beforeEach(async () => {
  await call("POST", "/reset");
  await control({ latencyMs: LATENCY_MS, failureRate: 0, outage: false });
});

describe("ERP simulator: POST /orders", () => {
  it("waits the latency, records the order and answers 201 with a reference", async () => {
    const started = performance.now();
    const res = await submit("key-1", order());
    expect(performance.now() - started).toBeGreaterThanOrEqual(LATENCY_MS - 5);

    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(/^ERP-\d{6}$/);
    expect(new Date(res.body.receivedAt).toISOString()).toBe(res.body.receivedAt);

    const stored = await call("GET", `/orders/${res.body.reference}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ reference: res.body.reference, idempotencyKey: "key-1", order: order() });
    expect(await stats()).toEqual({
      records: 1,
      duplicatesRefused: 0,
      requests: 1,
      failuresInjected: 0,
      outageRefusals: 0,
      inFlight: 0,
    });
  });

  it("replays the same reference for the same key and never records twice", async () => {
    const first = await submit("key-1", order());
    // Same order with its keys in another order: still the same body.
    const { orderId, items, ...rest } = order();
    const again = await submit("key-1", { items, ...rest, orderId });

    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.reference).toBe(first.body.reference);
    expect(await stats()).toMatchObject({ records: 1, duplicatesRefused: 1, requests: 2 });

    const other = await submit("key-2", order("ord_2"));
    expect(other.status).toBe(201);
    expect(other.body.reference).not.toBe(first.body.reference);
  });

  it("gives concurrent requests with one key a single record and one reference", async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => submit("key-1", order())));

    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.reference)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
    expect(await stats()).toMatchObject({ records: 1, duplicatesRefused: 4, requests: 5, inFlight: 0 });
  });

  it("refuses a request without Idempotency-Key with 400", async () => {
    const res = await submit(undefined, order());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "invalid_request", error: expect.stringMatching(/Idempotency-Key/) });
    expect((await stats()).records).toBe(0);
  });

  it.each([
    ["not JSON", "{ nope"],
    ["an array", [order()]],
    ["no orderId", { items: order().items }],
    ["a numeric orderId", { ...order(), orderId: 7 }],
    ["no items", { orderId: "ord_1" }],
    ["empty items", order("ord_1", { items: [] })],
  ])("refuses a body that is %s with 400", async (_label, body) => {
    const res = await submit("key-bad", body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "invalid_request", error: expect.any(String) });
    expect((await stats()).records).toBe(0);
  });

  it("answers 422 when a key comes back with a different body, and keeps the first record", async () => {
    const first = await submit("key-1", order());
    const changed = await submit("key-1", order("ord_1", { totalCents: 1 }));

    expect(changed.status).toBe(422);
    expect(changed.body).toEqual({
      error: "Idempotency-Key was already used with a different body",
      code: "idempotency_conflict",
    });
    expect((await call("GET", `/orders/${first.body.reference}`)).body.order.totalCents).toBe(4900);
    expect(await stats()).toMatchObject({ records: 1, duplicatesRefused: 0 });
  });

  it("answers 503 at once during an outage set through /control", async () => {
    await control({ outage: true, latencyMs: 2_000 });
    const started = performance.now();
    const res = await submit("key-1", order());

    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: "outage", error: expect.any(String) });
    expect(performance.now() - started).toBeLessThan(1_000); // no latency: nothing behind the balancer
    expect(await stats()).toMatchObject({ records: 0, outageRefusals: 1, requests: 1 });

    await control({ outage: false, latencyMs: LATENCY_MS });
    expect((await submit("key-1", order())).status).toBe(201);
  });

  it("injects 500s after the latency with failure rate 1, recording nothing and freeing the key", async () => {
    await control({ failureRate: 1 });
    const started = performance.now();
    const res = await submit("key-1", order());

    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: "internal_error", error: expect.any(String) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(LATENCY_MS - 5);
    expect(await stats()).toMatchObject({ records: 0, failuresInjected: 1 });

    await control({ failureRate: 0 });
    const retry = await submit("key-1", order());
    expect(retry.status).toBe(201);
    expect(await stats()).toMatchObject({ records: 1, duplicatesRefused: 0 });
  });

  it("records an order whose client gave up, and a retry with the key gets its reference", async () => {
    await control({ latencyMs: 400 });
    const abort = new AbortController();
    const gaveUp = fetch(`${erp.url}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "key-1" },
      body: JSON.stringify(order()),
      signal: abort.signal,
    });
    await eventually(stats, (s) => s.inFlight === 1);
    abort.abort();
    await expect(gaveUp).rejects.toThrow();
    expect((await stats()).records).toBe(0); // still waiting: the record comes at the end

    await eventually(stats, (s) => s.records === 1 && s.inFlight === 0);
    const retry = await submit("key-1", order());
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await call("GET", `/orders/${retry.body.reference}`)).body.order.orderId).toBe("ord_1");
    expect(await stats()).toMatchObject({ records: 1, duplicatesRefused: 1, requests: 2 });
  });

  it("answers 503 to an order still waiting when the ERP is reset, recording nothing", async () => {
    await control({ latencyMs: 5_000 });
    const waiting = submit("key-1", order());
    await eventually(stats, (s) => s.inFlight === 1);
    await call("POST", "/reset");

    const res = await waiting;
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: "cancelled", error: expect.any(String) });
    expect(await stats()).toMatchObject({ records: 0, inFlight: 0 });
  });

  it("refuses a body over 1 MB with 413", async () => {
    const res = await submit("key-big", order("ord_1", { note: "x".repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: "payload_too_large", error: expect.any(String) });
    expect((await stats()).records).toBe(0);
  });
});

describe("ERP simulator: other routes", () => {
  it("reports health, and an outage as unhealthy", async () => {
    const res = await call("GET", "/health");
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    await control({ outage: true });
    try {
      expect((await call("GET", "/health")).status).toBe(503);
    } finally {
      await control({ outage: false });
    }
  });

  it("answers 404 JSON for unknown routes and references", async () => {
    const route = await call("GET", "/nope");
    expect(route.status).toBe(404);
    expect(route.headers.get("content-type")).toMatch(/^application\/json/);
    expect(route.body).toMatchObject({ code: "not_found", error: expect.any(String) });

    const missing = await call("GET", "/orders/ERP-999999");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "not_found", error: expect.stringMatching(/ERP-999999/) });
  });

  it("answers 405 with Allow to a method a route does not take", async () => {
    const res = await call("DELETE", "/orders");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect(res.body).toMatchObject({ code: "method_not_allowed", error: expect.any(String) });
  });

  it("shows and validates settings on /control", async () => {
    expect((await call("GET", "/control")).body).toEqual({ latencyMs: LATENCY_MS, failureRate: 0, outage: false });
    expect((await control({ failureRate: 0.25 })).body).toEqual({ latencyMs: LATENCY_MS, failureRate: 0.25, outage: false });

    for (const bad of [{ latencyMs: -1 }, { latencyMs: 1.5 }, { failureRate: 2 }, { outage: "yes" }, { latency: 5 }, [], "{"]) {
      const res = await control(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body).toMatchObject({ code: "invalid_request", error: expect.any(String) });
    }
    expect((await call("GET", "/control")).body.failureRate).toBe(0.25);
  });

  it("clears records and stats on /reset", async () => {
    const { body } = await submit("key-1", order());
    expect((await call("POST", "/reset")).status).toBe(200);

    expect(await stats()).toEqual({
      records: 0,
      duplicatesRefused: 0,
      requests: 0,
      failuresInjected: 0,
      outageRefusals: 0,
      inFlight: 0,
    });
    expect((await call("GET", `/orders/${body.reference}`)).status).toBe(404);
  });
});
