import type { OrderEventType, Prisma } from "../generated/prisma/client";
import { prisma, type Tx } from "../db";
import { assertTransition, statusesBefore, type OrderStatus } from "./status";

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
 * The only way an order changes status: one conditional update that applies the move only from a
 * status the state machine allows it from, and the timeline events in the same transaction.
 */
export async function moveOrder(
  orderId: string,
  to: OrderStatus,
  events: EventInput | EventInput[],
  data: Omit<Prisma.OrderUpdateManyMutationInput, "status"> = {},
): Promise<void> {
  const moved = await prisma.$transaction(async (tx) => {
    const { count } = await tx.order.updateMany({ where: { id: orderId, status: { in: statusesBefore(to) } }, data: { ...data, status: to } });
    if (count === 1) await recordEvents(tx, orderId, events);
    return count === 1;
  });
  if (moved) return;
  // Not moved: say why (only on this path, so a move costs no read first).
  const { status: from } = await prisma.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } });
  assertTransition(from, to);
  throw new ConcurrentUpdateError(`Order ${orderId} changed while moving to ${to}`);
}

/** Timeline entries that do not change the status (queued, an email that failed). */
export async function recordEvents(db: Tx | typeof prisma, orderId: string, events: EventInput | EventInput[]) {
  const list = Array.isArray(events) ? events : [events];
  await db.orderEvent.createMany({ data: list.map((event) => ({ ...event, orderId })) });
}
