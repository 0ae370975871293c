import { config } from "../config";
import { prisma } from "../db";
import { formatOrderNumber } from "../orders/format";
import type { OrderStatus } from "../orders/state-machine";
import { withTimeout } from "../with-timeout";
import { allQueues, syncHistory, type MinuteOfSync, type QueueHealth } from "./queue-health";
import { databaseStatus, erpStatus, redisStatus, type ServiceStatus } from "./service-status";

export interface SlaReport {
  minutes: number;
  /** Not synced SLA minutes after checkout, and still trying. */
  late: number;
  failed: number;
  /** The oldest of them, to click through to. */
  orders: { id: string; number: string; status: OrderStatus; placedAt: string }[];
}

export interface ErpSimulatorView {
  settings: { latencyMs: number; failureRate: number; outage: boolean };
  stats: Record<string, number>;
}

export interface Overview {
  services: ServiceStatus[];
  /** Null when Redis cannot be read; the services say why. */
  queues: QueueHealth[] | null;
  history: MinuteOfSync[];
  sla: SlaReport;
  /** Only where the ERP is the bundled simulator (ERP_CONTROL_TOKEN). */
  erpSimulator: ErpSimulatorView | null;
}

export async function slaReport(): Promise<SlaReport> {
  const minutes = config().SYNC_SLA_MINUTES;
  const late = { status: { in: ["RECEIVED", "SYNCING", "SYNC_RETRYING"] as OrderStatus[] }, createdAt: { lt: new Date(Date.now() - minutes * 60_000) } };
  const needsAttention = { OR: [late, { status: "FAILED" as const }] };
  const [lateCount, failed, orders] = await Promise.all([
    prisma.order.count({ where: late }),
    prisma.order.count({ where: { status: "FAILED" } }),
    prisma.order.findMany({ where: needsAttention, orderBy: { createdAt: "asc" }, take: 10, select: { id: true, number: true, status: true, createdAt: true } }),
  ]);
  return {
    minutes,
    late: lateCount,
    failed,
    orders: orders.map((order) => ({ id: order.id, number: formatOrderNumber(order.number), status: order.status, placedAt: order.createdAt.toISOString() })),
  };
}

/**
 * One call to the bundled ERP simulator's controls, with its token (JSON for a POST); null where the
 * ERP is not the simulator (no ERP_CONTROL_TOKEN).
 */
export function erpSimulatorCall(path: string, settings?: object): Promise<Response> | null {
  const { ERP_CONTROL_TOKEN, ERP_URL } = config();
  if (!ERP_CONTROL_TOKEN) return null;
  const headers = { authorization: `Bearer ${ERP_CONTROL_TOKEN}`, ...(settings ? { "content-type": "application/json" } : {}) };
  const call = fetch(new URL(path, ERP_URL), { method: settings ? "POST" : "GET", headers, body: settings && JSON.stringify(settings) });
  return withTimeout(call, 2_000, "ERP simulator timed out");
}

/** Reads the simulator's settings and figures over its HTTP API; null if hidden or unreachable. */
export async function erpSimulatorView(): Promise<ErpSimulatorView | null> {
  if (!config().ERP_CONTROL_TOKEN) return null;
  const read = async (path: string) => (await erpSimulatorCall(path))!.json();
  try {
    const [settings, stats] = await Promise.all([read("/control"), read("/stats")]);
    return { settings, stats };
  } catch {
    return null;
  }
}

export async function getOverview(): Promise<Overview> {
  const [database, redis, erp, queues, history, sla, erpSimulator] = await Promise.all([
    databaseStatus(),
    redisStatus(),
    erpStatus(),
    withTimeout(allQueues(), 2_000, "Redis did not answer").catch(() => null),
    syncHistory(),
    slaReport(),
    erpSimulatorView(),
  ]);
  const workers = queues?.find((queue) => queue.name === "erp-sync")?.workers ?? 0;
  const workerStatus: ServiceStatus = queues
    ? { name: "Workers", state: workers > 0 ? "ok" : "down", summary: workers > 0 ? `${workers} live worker${workers === 1 ? "" : "s"}` : "no worker is running: orders wait in the queue" }
    : { name: "Workers", state: "warn", summary: "unknown while Redis is unreachable" };
  const { calls: _calls, breaker: _breaker, ...erpService } = erp;
  return { services: [database, redis, erpService, workerStatus], queues, history, sla, erpSimulator };
}
