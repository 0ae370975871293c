import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import pg from "pg";
import { benchDatabaseUrl } from "./shop";

export interface LoadResult {
  clients: number;
  /** Orders per second offered by the clients together; null: as fast as they are answered. */
  offeredRate: number | null;
  seconds: number;
  requests: number;
  accepted: number;
  ordersPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  timeouts: number;
}

/** A valid checkout body for the seeded catalog. */
export async function checkoutBody(): Promise<string> {
  const db = new pg.Client({ connectionString: benchDatabaseUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM "Product" WHERE active ORDER BY slug LIMIT 2`);
  await db.end();
  return JSON.stringify({
    email: "bench@example.com",
    name: "Bench Shopper",
    addressLine1: "1 Load Street",
    city: "Berlin",
    postalCode: "10115",
    country: "DE",
    items: rows.map((product, index) => ({ productId: product.id, quantity: index + 1 })),
  });
}

/** The q-quantile of sorted values. */
export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

const CLIENT_TIMEOUT_S = 10;

/**
 * `clients` shoppers checking out through POST /api/orders as fast as they are answered, each with a
 * new idempotency key. A client gives up after 10 s: an error, like a 502, counted at 10 s.
 */
export async function checkoutLoad(webUrl: string, body: string, clients: number, seconds: number): Promise<LoadResult> {
  let accepted = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${webUrl}/api/orders`,
        connections: clients,
        duration: seconds,
        timeout: CLIENT_TIMEOUT_S,
        requests: [
          {
            method: "POST",
            body,
            setupRequest: (request) => ({ ...request, headers: { "content-type": "application/json", "idempotency-key": randomUUID() } }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status === 201) accepted++;
    });
  });
  for (let i = 0; i < result.timeouts; i++) latencies.push(CLIENT_TIMEOUT_S * 1000);
  return summary(latencies, { clients, offeredRate: null, seconds, accepted, ordersPerSecond: accepted / seconds, errors: result.errors + result.non2xx, timeouts: result.timeouts });
}

function summary(latencies: number[], counts: Omit<LoadResult, "requests" | "p50" | "p95" | "p99">): LoadResult {
  latencies.sort((a, b) => a - b);
  return { ...counts, requests: latencies.length, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99) };
}

/**
 * Checkouts arriving at a steady `rate` per second over at most `clients` connections: the latency
 * a shopper sees at that load. Each is timed from when it was due, so waiting for a free connection
 * counts. (autocannon's own rate limit sends each second's requests in one burst.)
 */
export async function pacedCheckoutLoad(webUrl: string, body: string, clients: number, seconds: number, rate: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  let timeouts = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const done = (outcome: "accepted" | "error" | "timeout") => {
        latencies.push(outcome === "timeout" ? CLIENT_TIMEOUT_S * 1000 : performance.now() - due);
        if (outcome === "accepted") accepted++;
        else if (outcome === "error") errors++;
        else timeouts++;
        resolve();
      };
      const headers = { "content-type": "application/json", "idempotency-key": randomUUID() };
      const call = request(`${webUrl}/api/orders`, { method: "POST", agent, headers, timeout: CLIENT_TIMEOUT_S * 1000 }, (response) => {
        response.resume();
        response.on("end", () => done(response.statusCode === 201 ? "accepted" : "error"));
      });
      call.on("timeout", () => call.destroy(new Error("timeout")));
      call.on("error", (error) => done(error.message === "timeout" ? "timeout" : "error"));
      call.end(body);
    });

  const started = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    sent.push(send(due));
  }
  await Promise.all(sent);
  agent.destroy();
  const ordersPerSecond = accepted / ((performance.now() - started) / 1000);
  return summary(latencies, { clients, offeredRate: rate, seconds, accepted, ordersPerSecond, errors, timeouts });
}
