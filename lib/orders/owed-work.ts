import { config } from "../config";
import { QueueName, type EmailJob, type ErpSyncJob } from "../queue";
import type { DelayNotice } from "../generated/prisma/enums";
import { owesSync, type OrderStatus } from "./state-machine";

/**
 * What an order still owes, read from its row alone, and when that work is overdue. The sweeper
 * (lib/orders/sweep.ts) gives an overdue order's job another run, whatever Redis holds.
 */
export type OwedJob = { queue: typeof QueueName.erpSync; data: ErpSyncJob } | { queue: typeof QueueName.email; data: EmailJob };

export function owedJob(order: { id: string; status: OrderStatus; resendRequestId: string | null; delayNotice: DelayNotice | null }): OwedJob | null {
  if (owesSync(order.status)) return { queue: QueueName.erpSync, data: { orderId: order.id } };
  if (owesDelayNotice(order)) return { queue: QueueName.email, data: { orderId: order.id, kind: "delayed" } };
  if (order.status === "SYNCED") return { queue: QueueName.email, data: { orderId: order.id } };
  if (order.resendRequestId) return { queue: QueueName.email, data: { orderId: order.id, requestId: order.resendRequestId } };
  return null;
}

/** The shopper's "taking longer" email is owed while the order waits for a person over its sync, until sent. */
export const owesDelayNotice = (order: { status: OrderStatus; delayNotice: DelayNotice | null }) => order.status === "FAILED" && order.delayNotice === "OWED";

/**
 * How long from now the owed work may take before the sweeper looks: what the job should take,
 * plus SWEEP_AFTER_MS. Being early costs a look in Redis; being late only delays a recovery.
 */
export const overdueIn = {
  /** A job was just queued. */
  queued: () => config().SWEEP_AFTER_MS,
  /** An ERP call is under way; a worker that dies in it leaves the job to BullMQ's stalled check first. */
  calling: () => config().ERP_TIMEOUT_MS + config().JOB_LOCK_MS + config().SWEEP_AFTER_MS,
  /** The job waits `delayMs` first (a backoff, the breaker). */
  after: (delayMs: number) => delayMs + config().SWEEP_AFTER_MS,
};
