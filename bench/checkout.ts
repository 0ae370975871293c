import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import pg from "pg";
import { benchDatabaseUrl, cpuSeconds, postgresCpuBetween, postgresCpuSeconds } from "./shop";

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
  /** The load generator's own CPU (this process), in % of one core: what it took from the shop's two. */
  generatorCpuPercent: number;
}

/** One second of a paced run: the requests due in it, and the CPU each process used in it (% of one core). */
export interface PacedSecond {
  second: number;
  due: number;
  accepted: number;
  p50: number;
  p99: number;
  webCpuPercent: number;
  postgresCpuPercent: number;
  generatorCpuPercent: number;
}

export interface PacedResult {
  whole: LoadResult;
  /** After the first STEADY_AFTER_S seconds: the shop at the target load, not settling into it. */
  steady: LoadResult;
  steadyAfterSeconds: number;
  seconds: PacedSecond[];
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
  const generator = generatorMeter();
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
  const counts = { clients, offeredRate: null, seconds, accepted, ordersPerSecond: accepted / seconds, errors: result.errors + result.non2xx, timeouts: result.timeouts };
  return summary(latencies, { ...counts, generatorCpuPercent: generator() });
}

/** This process's CPU from now until the returned function is called, in % of one core. */
export function generatorMeter() {
  const [cpu, wall] = [process.cpuUsage(), performance.now()];
  return () => {
    const { user, system } = process.cpuUsage(cpu);
    return (user + system) / 10 / (performance.now() - wall);
  };
}

function summary(latencies: number[], counts: Omit<LoadResult, "requests" | "p50" | "p95" | "p99">): LoadResult {
  latencies.sort((a, b) => a - b);
  return { ...counts, requests: latencies.length, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99) };
}

/**
 * Checkouts arriving at a steady `rate` per second over at most `clients` connections: the latency
 * a shopper sees at that load. Each is timed from when it was due, so waiting for a free connection
 * counts. (autocannon's own rate limit sends each second's requests in one burst.) Reported per
 * second of due time, with the CPU the web process, PostgreSQL and this generator used in it.
 */
export async function pacedCheckoutLoad(webUrl: string, webPid: number, body: string, clients: number, seconds: number, rate: number, steadyAfterSeconds: number): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const outcomes: { due: number; latency: number; outcome: "accepted" | "error" | "timeout" }[] = [];
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const done = (outcome: "accepted" | "error" | "timeout") => {
        outcomes.push({ due, latency: outcome === "timeout" ? CLIENT_TIMEOUT_S * 1000 : performance.now() - due, outcome });
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
  const cpuBySecond: { web: number; postgres: number; generator: number }[] = [];
  const sampleCpu = () => ({ web: cpuSeconds(webPid), postgres: postgresCpuSeconds(), generator: process.cpuUsage() });
  let previous = sampleCpu();
  const sampler = setInterval(() => {
    const now = sampleCpu();
    const generator = process.cpuUsage(previous.generator);
    cpuBySecond.push({ web: (now.web - previous.web) * 100, postgres: postgresCpuBetween(previous.postgres, now.postgres) * 100, generator: (generator.user + generator.system) / 10_000 });
    previous = now;
  }, 1_000);
  const sent: Promise<void>[] = [];
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    sent.push(send(due));
  }
  await Promise.all(sent);
  clearInterval(sampler);
  agent.destroy();

  const secondOf = (due: number) => Math.floor((due - started) / 1000);
  const result = (from: number) => {
    const part = outcomes.filter((o) => secondOf(o.due) >= from);
    const cpu = cpuBySecond.slice(from, seconds);
    const count = (outcome: string) => part.filter((o) => o.outcome === outcome).length;
    const accepted = count("accepted");
    return summary(
      part.map((o) => o.latency),
      {
        clients,
        offeredRate: rate,
        seconds: seconds - from,
        accepted,
        ordersPerSecond: accepted / (seconds - from),
        errors: count("error"),
        timeouts: count("timeout"),
        generatorCpuPercent: cpu.reduce((sum, c) => sum + c.generator, 0) / Math.max(cpu.length, 1),
      },
    );
  };
  const perSecond = Array.from({ length: seconds }, (_, second): PacedSecond => {
    const due = outcomes.filter((o) => secondOf(o.due) === second);
    const latencies = due.map((o) => o.latency).sort((a, b) => a - b);
    const cpu = cpuBySecond[second] ?? { web: NaN, postgres: NaN, generator: NaN };
    return {
      second,
      due: due.length,
      accepted: due.filter((o) => o.outcome === "accepted").length,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      webCpuPercent: cpu.web,
      postgresCpuPercent: cpu.postgres,
      generatorCpuPercent: cpu.generator,
    };
  });
  return { whole: result(0), steady: result(steadyAfterSeconds), steadyAfterSeconds, seconds: perSecond };
}

/**
 * Closed-loop checkouts in 3 s rounds until three rounds in a row agree within 10 % (JIT, pools,
 * PostgreSQL's fresh tables settled), at most `maxSeconds`. Two were not enough: a shop still
 * climbing slowly passed (314 then 332 orders/s, and 386 a minute later). Returns each round's
 * orders per second.
 */
export async function warmUntilSteady(webUrl: string, body: string, clients: number, maxSeconds: number): Promise<number[]> {
  const ROUND_S = 3;
  const rounds: number[] = [];
  while (rounds.length * ROUND_S < maxSeconds) {
    rounds.push((await checkoutLoad(webUrl, body, clients, ROUND_S)).ordersPerSecond);
    const lastThree = rounds.slice(-3);
    if (lastThree.length === 3 && Math.max(...lastThree) / Math.min(...lastThree) < 1.1) break;
  }
  return rounds;
}
