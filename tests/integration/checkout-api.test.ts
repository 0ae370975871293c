import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/orders/route";
import { closeQueues } from "@/lib/queue";
import { checkoutFor, orderCount } from "../support/orders";

// POST /api/orders as a client sees it (the route handler itself, on the real database and queue):
// idempotency as Stripe does it, and the content type read exactly.

afterAll(async () => {
  await closeQueues();
});

async function post(body: unknown, { key = randomUUID() as string | null, contentType = "application/json" } = {}) {
  const headers = new Headers({ "content-type": contentType });
  if (key !== null) headers.set("idempotency-key", key);
  const response = await POST(new Request("http://shop.test/api/orders", { method: "POST", headers, body: JSON.stringify(body) }));
  return { status: response.status, replayed: response.headers.get("idempotent-replayed"), body: await response.json() };
}

const withoutKey = async () => {
  const { idempotencyKey: _key, ...order } = await checkoutFor();
  return order;
};

describe("POST /api/orders", () => {
  it("answers a replay with the original 201, marked Idempotent-Replayed", async () => {
    const order = await withoutKey();
    const key = randomUUID();
    const first = await post(order, { key });
    const again = await post(order, { key });

    expect(first).toMatchObject({ status: 201, replayed: null });
    expect(again).toEqual({ status: 201, replayed: "true", body: first.body });
  });

  it("takes any idempotency key of 1 to 255 printable characters, as Stripe does", async () => {
    const order = await withoutKey();
    for (const key of ["order-42", "x", "k".repeat(255), "a key with spaces/and:symbols~!"]) {
      const first = await post(order, { key });
      expect(first.status, key).toBe(201);
      expect((await post(order, { key })).body.token, key).toBe(first.body.token);
    }
  });

  it("refuses a missing, empty or overlong idempotency key with 400 and writes nothing", async () => {
    const order = await withoutKey();
    const before = await orderCount();
    for (const key of [null, "", "k".repeat(256)]) {
      const answer = await post(order, { key });
      expect(answer.status, String(key)).toBe(400);
      expect(answer.body.error).toMatch(/Idempotency-Key/);
    }
    expect(await orderCount()).toBe(before);
  });

  it("counts an empty optional field as an absent one: a replay is not a conflict", async () => {
    const order = await withoutKey();
    const key = randomUUID();
    const first = await post({ ...order, addressLine2: "" }, { key });
    const again = await post(order, { key });
    const spaced = await post({ ...order, addressLine2: "   " }, { key });

    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, replayed: "true", body: first.body });
    expect(spaced).toMatchObject({ status: 201, replayed: "true" });
  });

  it("reads the content type exactly: application/json, with parameters or none", async () => {
    const order = await withoutKey();
    const before = await orderCount();
    for (const contentType of ["application/jsonp-evil", "application/json-seq", "text/plain", "application/jsonx; charset=utf-8", ""]) {
      expect((await post(order, { contentType })).status, contentType).toBe(415);
    }
    expect(await orderCount()).toBe(before);
    for (const contentType of ["application/json; charset=utf-8", "Application/JSON", "application/json ; charset=UTF-8"]) {
      expect((await post(order, { contentType })).status, contentType).toBe(201);
    }
  });
});
