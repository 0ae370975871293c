import type { OrderEventType, Prisma } from "../generated/prisma/client";
import { prisma, type Tx } from "../db";
import { assertTransition, type OrderStatus } from "./status";

export interface EventInput {
  type: OrderEventType;
  message: string;
  durationMs?: number;
  /** The merchant who asked for it; absent for the system's own steps. */
  actor?: string;
}

/** Thrown when another process changed the order between our read and our write. */
export class ConcurrentUpdateError extends Error {
  name = "ConcurrentUpdateError";
}

/**
 * The only way an order changes status: checks the move against the state machine, applies it
 * only if nobody moved the order meanwhile, and writes the timeline events in the same transaction.
 */
export async function moveOrder(
  orderId: string,
  to: OrderStatus,
  events: EventInput | EventInput[],
  data: Omit<Prisma.OrderUpdateManyMutationInput, "status"> = {},
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { status: from } = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } });
    assertTransition(from, to);
    const { count } = await tx.order.updateMany({ where: { id: orderId, status: from }, data: { ...data, status: to } });
    if (count !== 1) throw new ConcurrentUpdateError(`Order ${orderId} changed while moving ${from} → ${to}`);
    await recordEvents(tx, orderId, events);
  });
}

/** Timeline entries that do not change the status (queued, an email that failed). */
export async function recordEvents(db: Tx | typeof prisma, orderId: string, events: EventInput | EventInput[]) {
  const list = Array.isArray(events) ? events : [events];
  await db.orderEvent.createMany({ data: list.map((event) => ({ ...event, orderId })) });
}
