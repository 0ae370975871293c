import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { freePort } from "../support/ports";

function run(command: string[], env: Record<string, string | undefined>) {
  const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return { child, output: () => output, exited: once(child, "exit") as Promise<[number | null]> };
}

/** Resolves once the process has printed something matching `pattern`. */
async function printed(process: ReturnType<typeof run>, pattern: RegExp) {
  await expect.poll(process.output, { timeout: 15_000 }).toMatch(pattern);
}

describe("startup checks", () => {
  it("a worker with missing or invalid settings stops at once, naming them", async () => {
    const worker = run([process.execPath, "--import", "tsx", "worker/index.ts"], {
      NODE_ENV: "production",
      DATABASE_URL: "mysql://nope",
      REDIS_URL: undefined,
      ERP_TIMEOUT_MS: "soon",
    });
    const [code] = await worker.exited;
    expect(code).toBe(1);
    expect(worker.output()).toContain("The worker cannot start");
    expect(worker.output()).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(worker.output()).toMatch(/REDIS_URL: is required but not set/);
    expect(worker.output()).toMatch(/ERP_TIMEOUT_MS/);
  });

  it("a Redis that may evict BullMQ's keys is reported loudly", async () => {
    const port = await freePort();
    const redis = run(["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--maxmemory-policy", "allkeys-lru"], {});
    await printed(redis, /Ready to accept connections/);
    const worker = run([process.execPath, "--import", "tsx", "worker/index.ts"], {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      LOG_LEVEL: "info",
      SWEEP_INTERVAL_MS: "3600000", // this worker must not touch the other tests' orders
    });
    try {
      await printed(worker, /maxmemory-policy is allkeys-lru: Redis may evict queued jobs/);
    } finally {
      worker.child.kill("SIGTERM");
      await worker.exited;
      redis.child.kill("SIGTERM");
      await redis.exited;
    }
  });
});
