import { prisma } from "../db";
import { logger } from "../logger";
import { ensureJob, QueueName, type QueueNameValue } from "../queue";
import type { OrderStatus } from "./status";
import { recordEvents } from "./transition";

/** Which queue moves an order on from each status that waits for one. */
const queueFor: Partial<Record<OrderStatus, QueueNameValue>> = {
  RECEIVED: QueueName.erpSync,
  SYNCING: QueueName.erpSync,
  SYNC_RETRYING: QueueName.erpSync,
  SYNCED: QueueName.email,
};

/**
 * The safety net behind every enqueue: finds orders that have waited longer than `olderThanMs`
 * without a job (Redis was down at checkout or at a merchant's retry, or lost its data) and gives
 * them one. A job that exists — waiting, delayed for backoff, active — is left alone.
 */
export async function sweepStrandedOrders({ olderThanMs, limit = 500 }: { olderThanMs: number; limit?: number }) {
  const candidates = await prisma.order.findMany({
    where: { status: { in: Object.keys(queueFor) as OrderStatus[] }, updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true, status: true },
    orderBy: { updatedAt: "asc" },
    take: limit,
  });

  let requeued = 0;
  for (const { id, status } of candidates) {
    const queue = queueFor[status]!;
    // A failed sync job under an order that is not FAILED died between steps: run it again. A failed
    // email job is a real failure, left for the merchant's "Resend confirmation".
    if ((await ensureJob(queue, { orderId: id }, { retryFailed: queue === QueueName.erpSync })) === "exists") continue;
    await recordEvents(prisma, id, { type: "QUEUED", message: `Queued again for ${queue === QueueName.email ? "the confirmation email" : "the ERP"}` });
    logger.info({ orderId: id, queue }, "stranded order queued again");
    requeued += 1;
  }
  return { checked: candidates.length, requeued };
}
