import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { recreateDatabase } from "../tests/support/database";
import { freePort } from "../tests/support/ports";
import { Process, npmScript } from "../tests/support/process";
import { testEnv } from "../tests/test-env";
import type { WorkerFloor } from "./worker-floor";

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
    SESSION_SECRET: "bench-session-secret-bench-session-secret-0123",
    MAIL_TRANSPORT: "outbox",
    MAIL_OUTBOX_DIR: "test-results/bench-outbox",
  };
}

export async function freshDatabase(): Promise<void> {
  await recreateDatabase(benchDatabaseUrl);
}

export async function startErp(env: Record<string, string>, latencyMs: number): Promise<Process> {
  const erp = new Process(npmScript("erp"), { ...env, ERP_LATENCY_MS: String(latencyMs) });
  await erp.start(/ERP simulator on/);
  return erp;
}

export async function startWeb(env: Record<string, string>): Promise<Process> {
  const web = new Process([process.execPath, "server.mjs", "-p", env.PORT!], env);
  await web.start(/web app ready/);
  return web;
}

/** bench/inline-checkout.ts: the checkout that calls the ERP before answering, on the web's port. */
export async function startInlineCheckout(env: Record<string, string>): Promise<Process> {
  const inline = new Process([process.execPath, "--import", "tsx", "bench/inline-checkout.ts"], env);
  await inline.start(/inline checkout on/);
  return inline;
}

export async function startWorker(env: Record<string, string>): Promise<Process> {
  const worker = new Process(npmScript("worker"), { ...env, LOG_LEVEL: "info" });
  await worker.start(/worker started/);
  return worker;
}

/** bench/worker-floor.ts with the worker's Node flags: needs the ERP and the mail API of `env` running. */
export async function measureWorkerFloor(env: Record<string, string>): Promise<WorkerFloor> {
  const [node, ...flags] = npmScript("worker");
  const script = [...flags.slice(0, -1), "bench/worker-floor.ts"];
  const { stdout } = await promisify(execFile)(node!, script, { env: { ...process.env, ...env } });
  return JSON.parse(stdout) as WorkerFloor;
}

/** Linux's clock ticks (USER_HZ), in which /proc reports CPU time. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by one process (/proc/<pid>/stat), or with no pid by the whole machine
 * (/proc/stat: every process, PostgreSQL and Redis included; time stolen by the hypervisor is not).
 */
export function cpuSeconds(pid?: number): number {
  try {
    if (pid === undefined) {
      const [user, nice, system, , , irq, softirq] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
      return (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND;
    }
    // Fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by each PostgreSQL process on the machine, by pid. */
export function postgresCpuSeconds(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") byPid.set(Number(pid), cpuSeconds(Number(pid)));
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/** PostgreSQL's CPU seconds between two samples: backends come and go with the pools, so per process, a new one from zero. */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/**
 * CPU milliseconds per unit of work from now until the returned function is called: the process's
 * own, and the whole shop's (the machine's, less this benchmark process: its load generator).
 */
export function cpuMeter(pid: number) {
  const start = { process: cpuSeconds(pid), machine: cpuSeconds(), bench: process.cpuUsage() };
  return (units: number) => {
    const { user, system } = process.cpuUsage(start.bench);
    return {
      processMs: ((cpuSeconds(pid) - start.process) * 1000) / units,
      shopMs: ((cpuSeconds() - start.machine) * 1000 - (user + system) / 1000) / units,
    };
  };
}
export type CpuPerUnit = ReturnType<ReturnType<typeof cpuMeter>>;

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
