import { describe, expect, it } from "vitest";
import { freePort } from "../support/ports";
import { Process, npmScript } from "../support/process";

/** Resolves once the process has printed something matching `pattern`. */
async function printed(process: Process, pattern: RegExp) {
  await expect.poll(() => process.output, { timeout: 15_000 }).toMatch(pattern);
}

describe("startup checks", () => {
  it("a worker with missing or invalid settings stops at once, naming them", async () => {
    const worker = new Process(npmScript("worker"), {
      NODE_ENV: "production",
      DATABASE_URL: "mysql://nope",
      REDIS_URL: undefined,
      ERP_TIMEOUT_MS: "soon",
    });
    await worker.start();
    expect(await worker.exited()).toBe(1);
    expect(worker.output).toContain("The worker cannot start");
    expect(worker.output).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(worker.output).toMatch(/REDIS_URL: is required but not set/);
    expect(worker.output).toMatch(/ERP_TIMEOUT_MS/);
  });

  it("a worker given an alert webhook that is not an http(s) URL, or an alert email that is not an address, refuses to start, naming them", async () => {
    const worker = new Process(npmScript("worker"), { ALERT_WEBHOOK_URL: "hooks.slack.com/services/T000/B000", ALERT_EMAIL: "the merchant" });
    await worker.start();
    expect(await worker.exited()).toBe(1);
    expect(worker.output).toContain("The worker cannot start");
    expect(worker.output).toMatch(/ALERT_WEBHOOK_URL: must be an http:\/\/ or https:\/\/ URL/);
    expect(worker.output).toMatch(/ALERT_EMAIL: must be an email address/);
  });

  it("a Redis that may evict BullMQ's keys is reported loudly", async () => {
    const port = await freePort();
    const redis = new Process(["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--maxmemory-policy", "allkeys-lru"]);
    await redis.start(/Ready to accept connections/);
    const worker = new Process(npmScript("worker"), {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      LOG_LEVEL: "info",
      SWEEP_INTERVAL_MS: "3600000", // this worker must not touch the other tests' orders
    });
    await worker.start();
    try {
      await printed(worker, /maxmemory-policy is allkeys-lru: Redis may evict queued jobs/);
    } finally {
      await worker.stop();
      await redis.stop();
    }
  });
});
