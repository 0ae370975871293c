import type { OrderEventType } from "../generated/prisma/client";
import { pool, prisma, type Tx } from "../db";
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
 * cost per order; it runs on the pg driver for the same reason: docs/benchmarks.)
 */
export async function moveOrder(orderId: string, to: OrderStatus, events: EventInput | EventInput[], changes: OrderChanges = {}): Promise<void> {
  const list = (Array.isArray(events) ? events : [events]).map(({ type, message, durationMs, actor }) => ({ type, message, durationMs, actor }));
  const { rows } = await pool.query<{ moved: number }>(
    `WITH moved AS (
      UPDATE "Order" SET
        status = $2::"OrderStatus",
        "updatedAt" = now(),
        "syncAttempts" = "syncAttempts" + $4::int,
        "lastError" = CASE WHEN $5::boolean THEN $6::text ELSE "lastError" END,
        "erpReference" = COALESCE($7::text, "erpReference"),
        "syncedAt" = COALESCE($8::timestamp(3), "syncedAt"),
        "emailedAt" = COALESCE($9::timestamp(3), "emailedAt")
      WHERE id = $1::uuid AND status::text = ANY($3::text[])
      RETURNING id
    ), written AS (
      INSERT INTO "OrderEvent" (id, "orderId", type, message, "durationMs", actor)
      SELECT gen_random_uuid()::text, moved.id, event.type::"OrderEventType", event.message, event."durationMs", event.actor
      FROM moved, json_to_recordset($10::json) AS event(type text, message text, "durationMs" int, actor text)
    )
    SELECT count(*)::int AS moved FROM moved`,
    [
      orderId,
      to,
      statusesBefore(to),
      changes.countAttempt ? 1 : 0,
      changes.lastError !== undefined,
      changes.lastError ?? null,
      changes.erpReference ?? null,
      // Prisma keeps DateTime columns (timestamp without time zone) in UTC.
      changes.syncedAt?.toISOString() ?? null,
      changes.emailedAt?.toISOString() ?? null,
      JSON.stringify(list),
    ],
  );
  const moved = rows[0]!.moved;
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
