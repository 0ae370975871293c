import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { recreateDatabase } from "../tests/support/database";
import { freePort } from "../tests/support/ports";
import { Process, tsx } from "../tests/support/process";
import { testEnv } from "../tests/test-env";

/** The shop's processes for the benchmark: the built web app, the worker and the ERP simulator. */
export const benchDatabaseUrl = testEnv.integrationDatabaseUrl.replace(/\/[^/]+$/, "/dispatch_bench");

export async function benchEnv() {
  const [webPort, erpPort] = [await freePort(), await freePort()];
  return {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: benchDatabaseUrl,
    REDIS_URL: testEnv.REDIS_URL,
    QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
    APP_URL: `http://127.0.0.1:${webPort}`,
    PORT: String(webPort),
    ERP_URL: `http://127.0.0.1:${erpPort}`,
    ERP_PORT: String(erpPort),
    ERP_QUIET: "1",
    ERP_TIMEOUT_MS: "15000",
    ERP_RATE_LIMIT_PER_SECOND: "100000",
    // One load generator on loopback is one client address: lift the per-client limit.
    CHECKOUT_RATE_LIMIT_PER_MINUTE: "1000000",
    // The sweeper would re-queue the orders the drain scenarios seed without jobs on purpose.
    SWEEP_INTERVAL_MS: "3600000",
    ADMIN_PASSWORD: "bench-admin-password",
    SESSION_SECRET: "bench-session-secret-bench-session-secret-0123",
    MAIL_OUTBOX_DIR: "test-results/bench-outbox",
  };
}

export async function freshDatabase(): Promise<void> {
  await recreateDatabase(benchDatabaseUrl);
}

export async function startErp(env: Record<string, string>, latencyMs: number): Promise<Process> {
  const erp = new Process(tsx("erp/server.ts"), { ...env, ERP_LATENCY_MS: String(latencyMs) });
  await erp.start(/ERP simulator on/);
  return erp;
}

export async function startWeb(env: Record<string, string>): Promise<Process> {
  const web = new Process([process.execPath, "node_modules/next/dist/bin/next", "start", "-p", env.PORT!], env);
  await web.start(/Ready in/);
  return web;
}

export async function startWorker(env: Record<string, string>): Promise<Process> {
  const worker = new Process(tsx("worker/index.ts"), { ...env, LOG_LEVEL: "info" });
  await worker.start(/worker started/);
  return worker;
}

/** Samples a process's resident memory; `peakMb()` is the highest seen (VmHWM, the kernel's own peak). */
export function memoryOf(pid: number) {
  const read = (field: "VmRSS" | "VmHWM") => {
    try {
      const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match ? Number(match[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  return { peakMb: () => read("VmHWM"), currentMb: () => read("VmRSS") };
}
