import { readdir } from "node:fs/promises";
import path from "node:path";
import { queueHealth } from "./admin/queue-health";
import { databaseStatus, erpStatus, redisStatus, type ServiceStatus } from "./admin/service-status";
import { config } from "./config";
import { prisma } from "./db";
import { QueueName } from "./queue";
import { withTimeout } from "./with-timeout";

export interface Health {
  /** False when this instance cannot take orders safely: the platform should not send it traffic. */
  ok: boolean;
  checks: ServiceStatus[];
}

/** A deploy whose migrations failed must not look healthy (Upsun does not stop it for us). */
async function migrationStatus(): Promise<ServiceStatus> {
  try {
    const entries = await readdir(path.join(process.cwd(), "prisma/migrations"), { withFileTypes: true });
    const expected = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const applied = await prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const done = new Set(applied.map((row) => row.migration_name));
    const pending = expected.filter((name) => !done.has(name));
    return pending.length
      ? { name: "Migrations", state: "down", summary: `${pending.length} not applied: ${pending.join(", ")}` }
      : { name: "Migrations", state: "ok", summary: `all ${expected.length} applied` };
  } catch (error) {
    return { name: "Migrations", state: "down", summary: (error as Error).message };
  }
}

/** How long the oldest order has waited for the ERP sync; late past the SLA. */
async function queueLagStatus(): Promise<ServiceStatus> {
  try {
    const { oldestWaitingMs, counts } = await withTimeout(queueHealth(QueueName.erpSync), 2_000, "Redis did not answer");
    const late = (oldestWaitingMs ?? 0) > config().SYNC_SLA_MINUTES * 60_000;
    const lag = oldestWaitingMs === null ? "no job waiting" : `oldest job waiting ${Math.round(oldestWaitingMs / 1000)} s`;
    return { name: "Queue", state: late ? "warn" : "ok", summary: `${counts.waiting} waiting, ${counts.delayed} delayed; ${lag}` };
  } catch (error) {
    return { name: "Queue", state: "down", summary: (error as Error).message };
  }
}

/**
 * The shop's health. A down ERP, a backed-up queue, even an unreachable Redis are reported but keep
 * `ok`: checkout still takes orders into PostgreSQL, and the sweeper queues them later. Without the
 * database, or with migrations not applied, it is not ok.
 */
export async function health(): Promise<Health> {
  const checks = await Promise.all([databaseStatus(), redisStatus(), migrationStatus(), queueLagStatus(), erpStatus()]);
  const critical = new Set(["Database", "Migrations"]);
  const ok = checks.every((check) => !critical.has(check.name) || check.state !== "down");
  return { ok, checks: checks.map(({ name, state, summary }) => ({ name, state, summary })) };
}

/** How long one measurement answers every caller: monitors and strangers alike cost one round of checks per few seconds. */
export const HEALTH_CACHE_MS = 3_000;
let measured: { at: number; health: Promise<Health> } | undefined;

/** The shop's health as measured at most HEALTH_CACHE_MS ago; callers at the same moment share one measurement. */
export function recentHealth(): Promise<Health> {
  if (!measured || Date.now() - measured.at >= HEALTH_CACHE_MS) measured = { at: Date.now(), health: health() };
  return measured.health;
}
