import { prisma } from "../db";
import { enqueue, getQueue, jobIdFor, QueueName, type QueueNameValue } from "../queue";
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
 * The safety net behind checkout's enqueue: finds orders that have waited longer than `olderThanMs`
 * for a job that does not exist (Redis was down at checkout, or lost its data) and queues it.
 * A job that exists — waiting, delayed for backoff, active — is left alone.
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
    if ((await getQueue(queue).getJobState(jobIdFor(queue, id))) !== "unknown") continue;
    await enqueue(queue, id);
    await recordEvents(prisma, id, { type: "QUEUED", message: `Queued again for ${queue === QueueName.email ? "the confirmation email" : "the ERP"}` });
    requeued += 1;
  }
  return { checked: candidates.length, requeued };
}
