import { describe, expect, it } from "vitest";
import { freePort } from "../support/ports";
import { Process, npmScript } from "../support/process";
import { deleteQueueKeys } from "../support/queue-keys";

/** Resolves once the process has printed something matching `pattern`. */
async function printed(process: Process, pattern: RegExp) {
  // A busy 2-core machine (four test runs at once) took 13 s to start a worker.
  await expect.poll(() => process.output, { timeout: 40_000 }).toMatch(pattern);
}

// Each test starts real worker processes: slow to boot on a busy machine.
const PROCESS_TEST_MS = 90_000;

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
  }, PROCESS_TEST_MS);

  it("a production worker without a mail API key refuses to start, unless the outbox is chosen on purpose", async () => {
    // A queue of its own and no sweep or alert round: this worker must not touch the other tests' orders.
    const prefix = `startup-outbox-${process.pid}`;
    const production = { NODE_ENV: "production", APP_URL: "https://shop.test", RESEND_API_KEY: undefined, QUEUE_PREFIX: prefix, SWEEP_INTERVAL_MS: "3600000", ALERT_INTERVAL_MS: "3600000" };
    const guessing = new Process(npmScript("worker"), production);
    await guessing.start();
    expect(await guessing.exited()).toBe(1);
    expect(guessing.output).toMatch(/RESEND_API_KEY: is required in production; or set MAIL_TRANSPORT=outbox to write emails to MAIL_OUTBOX_DIR on purpose/);

    const outbox = new Process(npmScript("worker"), { ...production, MAIL_TRANSPORT: "outbox", LOG_LEVEL: "info" });
    await outbox.start();
    try {
      await printed(outbox, /worker started/);
    } finally {
      await outbox.stop();
      await deleteQueueKeys(prefix);
    }
  }, PROCESS_TEST_MS);

  it("a worker told to send through Resend without a key refuses to start", async () => {
    const worker = new Process(npmScript("worker"), { MAIL_TRANSPORT: "resend", RESEND_API_KEY: undefined });
    await worker.start();
    expect(await worker.exited()).toBe(1);
    expect(worker.output).toMatch(/RESEND_API_KEY: is required with MAIL_TRANSPORT=resend/);
  }, PROCESS_TEST_MS);

  it("production refuses an http:// APP_URL other than this machine's: links and cookies would go out in the clear", async () => {
    const worker = new Process(npmScript("worker"), { NODE_ENV: "production", APP_URL: "http://shop.example" });
    await worker.start();
    expect(await worker.exited()).toBe(1);
    expect(worker.output).toMatch(/APP_URL: must be https:\/\/ in production \(http:\/\/ only for localhost or 127\.0\.0\.1\)/);
  }, PROCESS_TEST_MS);

  it("a worker given an alert webhook that is not an http(s) URL, or an alert email that is not an address, refuses to start, naming them", async () => {
    const worker = new Process(npmScript("worker"), { ALERT_WEBHOOK_URL: "hooks.slack.com/services/T000/B000", ALERT_EMAIL: "the merchant" });
    await worker.start();
    expect(await worker.exited()).toBe(1);
    expect(worker.output).toContain("The worker cannot start");
    expect(worker.output).toMatch(/ALERT_WEBHOOK_URL: must be an http:\/\/ or https:\/\/ URL/);
    expect(worker.output).toMatch(/ALERT_EMAIL: must be an email address/);
  }, PROCESS_TEST_MS);

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
  }, PROCESS_TEST_MS);
});
