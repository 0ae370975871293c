import type { OrderEventType } from "../generated/prisma/client";
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

/** What a move may change besides the status. */
export interface OrderChanges {
  /** Counts one more ERP attempt. */
  countAttempt?: boolean;
  /** Sets (or with null clears) the last error; left alone when absent. */
  lastError?: string | null;
  erpReference?: string;
  syncedAt?: Date;
  emailedAt?: Date;
}

/**
 * The only way an order changes status. One SQL statement, atomic as every statement is: it moves
 * the order only from a status the state machine allows the move from, and writes the timeline
 * events only if it did. (As Prisma calls, a transaction of three made up most of the worker's
 * cost per order: docs/benchmarks.)
 */
export async function moveOrder(orderId: string, to: OrderStatus, events: EventInput | EventInput[], changes: OrderChanges = {}): Promise<void> {
  const list = (Array.isArray(events) ? events : [events]).map(({ type, message, durationMs, actor }) => ({ type, message, durationMs, actor }));
  const [{ moved }] = await prisma.$queryRaw<[{ moved: number }]>`
    WITH moved AS (
      UPDATE "Order" SET
        status = ${to}::"OrderStatus",
        "updatedAt" = now(),
        "syncAttempts" = "syncAttempts" + ${changes.countAttempt ? 1 : 0}::int,
        "lastError" = CASE WHEN ${changes.lastError !== undefined}::boolean THEN ${changes.lastError ?? null}::text ELSE "lastError" END,
        "erpReference" = COALESCE(${changes.erpReference ?? null}::text, "erpReference"),
        "syncedAt" = COALESCE(${changes.syncedAt ?? null}::timestamp(3), "syncedAt"),
        "emailedAt" = COALESCE(${changes.emailedAt ?? null}::timestamp(3), "emailedAt")
      WHERE id = ${orderId}::uuid AND status::text = ANY(${statusesBefore(to)}::text[])
      RETURNING id
    ), written AS (
      INSERT INTO "OrderEvent" (id, "orderId", type, message, "durationMs", actor)
      SELECT gen_random_uuid()::text, moved.id, event.type::"OrderEventType", event.message, event."durationMs", event.actor
      FROM moved, json_to_recordset(${JSON.stringify(list)}::json) AS event(type text, message text, "durationMs" int, actor text)
    )
    SELECT count(*)::int AS moved FROM moved`;
  if (moved === 1) return;
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
