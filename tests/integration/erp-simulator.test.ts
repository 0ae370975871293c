import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EnvError, readErpEnv } from "../../erp/env";
import { startErpSimulator, type RunningErpSimulator } from "../../erp/server";

/**
 * The ERP simulator over real HTTP, started in-process on a free port with a short latency.
 * Waits are on the simulator's own responses; the one exception (an order recorded after its
 * client gave up) is observed by polling /stats with a deadline.
 */

const LATENCY_MS = 80;
const CONTROL_TOKEN = "erp-control-token-for-tests";
const asController = { authorization: `Bearer ${CONTROL_TOKEN}` };
let erp: RunningErpSimulator;

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** As the shop's admin and tests call it: with the control token, and JSON for every POST. */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${erp.url}${path}`, {
    method,
    headers: { ...asController, ...(method === "POST" ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** node:http, for answers fetch will not hand over: it turns a 407 into a network error (the Fetch standard). */
function rawCall(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${erp.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") responseHeaders.set(name, value);
        try {
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        } catch (err) {
          reject(err);
        }
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
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
  erp = await startErpSimulator({ port: 0, latencyMs: LATENCY_MS, quiet: true, controlToken: CONTROL_TOKEN });
});

afterAll(async () => {
  await erp?.close();
});

/** The simulator's settings as each test starts. */
const defaultSettings = { latencyMs: LATENCY_MS, failureRate: 0, outage: false, outageStatus: 503, retryAfterSeconds: 0, rejectPostalCodes: [], unknownSkus: [] };

beforeEach(async () => {
  await call("POST", "/reset");
  const restored = await control(defaultSettings);
  expect(restored.status).toBe(200);
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
      rejected: 0,
      healthChecks: 0,
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

describe("ERP simulator: postal code validation", () => {
  const withPostalCode = (postalCode: string) =>
    order("ord_1", { shippingAddress: { ...order().shippingAddress, postalCode } });

  it("refuses a listed postal code with 422 after the latency, records nothing and frees the key", async () => {
    await control({ rejectPostalCodes: ["75001", "  n1 1aa "] });
    const started = performance.now();
    const res = await submit("key-1", order());

    expect(performance.now() - started).toBeGreaterThanOrEqual(LATENCY_MS - 5);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: "postal code N1 1AA is not valid for GB", code: "invalid_postal_code" });
    expect(await stats()).toMatchObject({ records: 0, rejected: 1, requests: 1, inFlight: 0 });
    expect((await call("GET", "/orders")).body).toEqual([]);

    const corrected = await submit("key-1", withPostalCode("N1 9GU"));
    expect(corrected.status).toBe(201);
    const stored = await call("GET", `/orders/${corrected.body.reference}`);
    expect(stored.body.order.shippingAddress.postalCode).toBe("N1 9GU");
    expect(await stats()).toMatchObject({ records: 1, rejected: 1, requests: 2 });
  });

  it("compares trimmed and in any case, and gives a duplicate in flight the same answer", async () => {
    await control({ rejectPostalCodes: ["N1 1AA"] });
    const sent = withPostalCode(" n1 1aa ");
    const replies = await Promise.all([submit("key-1", sent), submit("key-1", sent)]);

    for (const res of replies) {
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ error: "postal code n1 1aa is not valid for GB", code: "invalid_postal_code" });
    }
    expect(await stats()).toMatchObject({ records: 0, rejected: 1, requests: 2, duplicatesRefused: 0 });
  });

  it("accepts the same order once the code is no longer listed", async () => {
    await control({ rejectPostalCodes: ["N1 1AA"] });
    expect((await submit("key-1", order())).status).toBe(422);

    await control({ rejectPostalCodes: [] });
    expect((await submit("key-1", order())).status).toBe(201);
  });
});

describe("ERP simulator: how an outage answers", () => {
  it("answers the outage status on POST /orders and GET /health, and keeps the other routes", async () => {
    await control({ outage: true, outageStatus: 401 });

    const res = await submit("key-1", order());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: "unauthorized", error: expect.any(String) });
    expect(res.headers.get("www-authenticate")).toBeTruthy(); // required with a 401
    expect(await call("GET", "/health")).toMatchObject({ status: 401, body: { code: "unauthorized" } });

    expect(await call("GET", "/control")).toMatchObject({ status: 200, body: { outage: true, outageStatus: 401 } });
    expect(await call("GET", "/stats")).toMatchObject({ status: 200, body: { records: 0, outageRefusals: 1 } });
    expect(await call("GET", "/orders")).toMatchObject({ status: 200, body: [] });
    expect((await call("POST", "/reset")).status).toBe(200);
  });

  it.each([
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "not_found"],
    [405, "method_not_allowed"],
    [407, "proxy_auth_required"],
    [429, "rate_limited"],
    [500, "outage"],
    [502, "outage"],
    [503, "outage"],
    [504, "outage"],
  ])("answers %i with code %s on POST /orders and GET /health", async (status, code) => {
    await control({ outage: true, outageStatus: status });
    const replies = [await rawCall("POST", "/orders", order(), { "idempotency-key": "key-1", "content-type": "application/json" }), await rawCall("GET", "/health")];

    for (const res of replies) {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code, error: expect.any(String) });
    }
    expect(await stats()).toMatchObject({ records: 0, outageRefusals: 1 });
  });

  it("sends the headers HTTP requires with 405 and 407", async () => {
    await control({ outage: true, outageStatus: 405 });
    // An empty Allow: the resource is disabled by configuration, no method would do.
    expect((await rawCall("GET", "/health")).headers.get("allow")).toBe("");
    await control({ outageStatus: 407 });
    expect((await rawCall("GET", "/health")).headers.get("proxy-authenticate")).toBeTruthy();
  });

  it("sends Retry-After on 429 and 503 only, and only when set", async () => {
    await control({ outage: true });
    expect((await submit("key-1", order())).headers.has("retry-after")).toBe(false);

    await control({ retryAfterSeconds: 30 });
    for (const outageStatus of [503, 429]) {
      await control({ outageStatus });
      const [res, health] = [await submit("key-1", order()), await call("GET", "/health")];
      expect(res.status).toBe(outageStatus);
      expect(res.headers.get("retry-after")).toBe("30");
      expect(health.headers.get("retry-after")).toBe("30");
    }
    await control({ outageStatus: 500 });
    expect((await submit("key-1", order())).headers.has("retry-after")).toBe(false);

    await control({ outage: false });
    const created = await submit("key-1", order());
    expect(created.status).toBe(201);
    expect(created.headers.has("retry-after")).toBe(false);
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
    const defaults = defaultSettings;
    expect((await call("GET", "/control")).body).toEqual(defaults);
    expect((await control({ failureRate: 0.25, rejectPostalCodes: ["75001"] })).body).toEqual({
      ...defaults,
      failureRate: 0.25,
      rejectPostalCodes: ["75001"],
    });

    for (const bad of [
      { latencyMs: -1 },
      { latencyMs: 1.5 },
      { failureRate: 2 },
      { outage: "yes" },
      { outageStatus: 418 },
      { outageStatus: "503" },
      { retryAfterSeconds: -1 },
      { retryAfterSeconds: 1.5 },
      { retryAfterSeconds: 3_601 },
      { rejectPostalCodes: "75001" },
      { rejectPostalCodes: [75001] },
      { rejectPostalCodes: ["  "] },
      { rejectPostalCodes: ["X".repeat(21)] },
      { rejectPostalCodes: Array.from({ length: 101 }, (_, i) => String(i)) },
      { unknownSkus: "MUG-01" },
      { unknownSkus: [""] },
      { unknownSkus: ["X".repeat(65)] },
      { latency: 5 },
      [],
      "{",
    ]) {
      const res = await control(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body).toMatchObject({ code: "invalid_request", error: expect.any(String) });
    }
    expect((await call("GET", "/control")).body).toMatchObject({ failureRate: 0.25, rejectPostalCodes: ["75001"] });
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
      rejected: 0,
      healthChecks: 0,
      inFlight: 0,
    });
    expect((await call("GET", `/orders/${body.reference}`)).status).toBe(404);
  });
});

describe("ERP simulator: SKUs it does not know", () => {
  it("refuses an order with a line of an unknown SKU with 422, records nothing and frees the key for the mapped SKU", async () => {
    await control({ unknownSkus: ["TEE-02"] });
    const refused = await submit("key-1", order());

    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ error: "unknown SKU TEE-02", code: "unknown_sku" });
    expect(await stats()).toMatchObject({ records: 0, rejected: 1 });

    const mapped = order("ord_1", { items: [order().items[0], { ...order().items[1], sku: "TSHIRT-2" }] });
    const accepted = await submit("key-1", mapped);
    expect(accepted.status).toBe(201);
    expect(await stats()).toMatchObject({ records: 1, rejected: 1 });
  });

  it("reads ERP_UNKNOWN_SKUS as a comma-separated list", () => {
    expect(readErpEnv({}).unknownSkus).toEqual([]);
    expect(readErpEnv({ ERP_UNKNOWN_SKUS: "TEE-02, MUG-01" }).unknownSkus).toEqual(["TEE-02", "MUG-01"]);
  });
});

describe("ERP simulator: settings at start", () => {
  function envError(env: Record<string, string>): Error {
    try {
      readErpEnv(env);
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      return err as Error;
    }
    throw new Error(`readErpEnv accepted ${JSON.stringify(env)}`);
  }

  it("defaults to a 503 outage without Retry-After, and no postal code refused", () => {
    expect(readErpEnv({})).toMatchObject({ outage: false, outageStatus: 503, retryAfterSeconds: 0, rejectPostalCodes: [] });
    expect(readErpEnv({ ERP_REJECT_POSTAL_CODES: " " }).rejectPostalCodes).toEqual([]);
  });

  it("reads ERP_REJECT_POSTAL_CODES as a comma-separated list", () => {
    expect(readErpEnv({ ERP_REJECT_POSTAL_CODES: " N1 1AA,75001 , 10115" }).rejectPostalCodes).toEqual([
      "N1 1AA",
      "75001",
      "10115",
    ]);
  });

  it("reads ERP_OUTAGE_STATUS and ERP_RETRY_AFTER_SECONDS", () => {
    expect(readErpEnv({ ERP_OUTAGE_STATUS: " 401 ", ERP_RETRY_AFTER_SECONDS: "30" })).toMatchObject({
      outageStatus: 401,
      retryAfterSeconds: 30,
    });
  });

  const rule = "must be a list of at most 100 postal codes of 1 to 20 characters";
  const longCode = "X".repeat(21);
  const tooMany = `${"1,".repeat(100)}1`;
  it.each([
    ["ERP_OUTAGE_STATUS", "a status not on the list", "418", 'ERP_OUTAGE_STATUS="418" must be one of 401, 403, 404, 405, 407, 429, 500, 502, 503, 504'],
    ["ERP_OUTAGE_STATUS", "a word", "down", 'ERP_OUTAGE_STATUS="down" is not a number'],
    ["ERP_OUTAGE_STATUS", "blank", " ", 'ERP_OUTAGE_STATUS=" " is not a number'],
    ["ERP_RETRY_AFTER_SECONDS", "negative", "-1", 'ERP_RETRY_AFTER_SECONDS="-1" must be an integer from 0 (no Retry-After) to 3600'],
    ["ERP_RETRY_AFTER_SECONDS", "a fraction", "2.5", 'ERP_RETRY_AFTER_SECONDS="2.5" must be an integer from 0 (no Retry-After) to 3600'],
    ["ERP_RETRY_AFTER_SECONDS", "over an hour", "3601", 'ERP_RETRY_AFTER_SECONDS="3601" must be an integer from 0 (no Retry-After) to 3600'],
    ["ERP_REJECT_POSTAL_CODES", "an empty entry", "N1 1AA,,75001", `ERP_REJECT_POSTAL_CODES="N1 1AA,,75001" ${rule}; "" is not one`],
    ["ERP_REJECT_POSTAL_CODES", "a code too long", `75001,${longCode}`, `ERP_REJECT_POSTAL_CODES="75001,${longCode}" ${rule}; "${longCode}" is not one`],
    ["ERP_REJECT_POSTAL_CODES", "too many codes", tooMany, `ERP_REJECT_POSTAL_CODES="${tooMany}" ${rule}; got 101`],
  ])("refuses %s that is %s, naming the variable", (name, _description, value, message) => {
    expect(envError({ [name]: value }).message).toBe(message);
  });

  it("refuses an out-of-range setting in startErpSimulator's options before listening", async () => {
    await expect(startErpSimulator({ port: 0, quiet: true, retryAfterSeconds: -1 })).rejects.toThrow(
      /^retryAfterSeconds must be an integer/,
    );
  });
});

describe("ERP simulator: its controls and its customers' data need the control token", () => {
  const stranger = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    fetch(`${erp.url}${path}`, { method, headers, body }).then(async (res) => ({ status: res.status, body: await res.json() }));

  it("answers 401 without the token, or with another, and changes nothing", async () => {
    const { body: placed } = await submit("key-1", order());
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${CONTROL_TOKEN}`, CONTROL_TOKEN]) {
      const headers: Record<string, string> = { "content-type": "application/json", ...(authorization ? { authorization } : {}) };
      for (const [method, path, body] of [
        ["POST", "/control", JSON.stringify({ outage: true })],
        ["GET", "/control"],
        ["POST", "/reset", "{}"],
        ["GET", "/orders"],
        ["GET", `/orders/${placed.reference}`],
        ["GET", "/stats"],
      ] as const) {
        const res = await stranger(method, path, headers, body);
        expect(res.status, `${method} ${path} with ${authorization}`).toBe(401);
        expect(res.body).toMatchObject({ code: "unauthorized" });
      }
    }
    expect((await call("GET", "/control")).body).toMatchObject({ outage: false });
    expect((await call("GET", "/orders")).body).toHaveLength(1);
  });

  it("refuses a cross-site text/plain POST, even with the token", async () => {
    const form = { "content-type": "text/plain" };
    expect((await stranger("POST", "/control", form, JSON.stringify({ outage: true }))).status).toBe(401);
    expect((await stranger("POST", "/control", { ...form, ...asController }, JSON.stringify({ outage: true }))).status).toBe(415);
    expect((await stranger("POST", "/reset", { ...form, ...asController }, "{}")).status).toBe(415);
    expect((await stranger("POST", "/orders", { ...form, "idempotency-key": "key-2" }, JSON.stringify(order()))).status).toBe(415);
    expect((await call("GET", "/control")).body).toMatchObject({ outage: false });
    expect(await stats()).toMatchObject({ records: 0, requests: 0 });
  });

  it("keeps the ERP's own API open: orders are placed and health is read without the token", async () => {
    expect((await stranger("GET", "/health")).status).toBe(200);
    expect((await stranger("POST", "/orders", { "content-type": "application/json; charset=utf-8", "idempotency-key": "key-3" }, JSON.stringify(order()))).status).toBe(201);
  });

  it("has no controls at all when started without a token", async () => {
    const bare = await startErpSimulator({ port: 0, latencyMs: 0, quiet: true });
    try {
      const res = await fetch(`${bare.url}/control`, { headers: asController });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/ERP_CONTROL_TOKEN/);
    } finally {
      await bare.close();
    }
  });

  it("reads the token from ERP_CONTROL_TOKEN, and listens on 127.0.0.1 unless told otherwise", () => {
    expect(readErpEnv({ ERP_CONTROL_TOKEN: CONTROL_TOKEN })).toMatchObject({ controlToken: CONTROL_TOKEN, host: "127.0.0.1" });
    expect(readErpEnv({})).toMatchObject({ controlToken: undefined });
    expect(() => readErpEnv({ ERP_CONTROL_TOKEN: "short" })).toThrow(/ERP_CONTROL_TOKEN must be at least 16 characters/);
  });
});
