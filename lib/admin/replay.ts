import { z } from "zod";
import { config } from "../config";
import { db } from "../db";
import { PRINTABLE } from "../orders/checkout";
import { resendConfirmation, retrySync, type ActionResult } from "../orders/merchant-actions";
import { isOrderId } from "../orders/store";
import { attentionGroupOrders, type AttentionOrder } from "./attention";

/**
 * Replay by filter: the orders of one Needs attention group, optionally only those placed in a
 * window, sent on again as one named operation. Each order takes the normal path (Retry sync, or
 * Resend confirmation for a failed email), so the worker's ERP rate limit and breaker pace them; each
 * order's timeline names the operation, and its progress is read from the orders themselves.
 */
export const replayFilterSchema = z
  .object({
    group: z.string().min(1, "Choose a group").max(2000).regex(PRINTABLE, "Choose a group"),
    placedFrom: z.iso.datetime({ error: "Give the start of the window as a date and time" }).optional(),
    placedTo: z.iso.datetime({ error: "Give the end of the window as a date and time" }).optional(),
  })
  .refine((filter) => !filter.placedFrom || !filter.placedTo || filter.placedFrom <= filter.placedTo, "The window ends before it starts");
export type ReplayFilter = z.infer<typeof replayFilterSchema>;

async function chosenOrders(filter: ReplayFilter): Promise<AttentionOrder[] | null> {
  const listed = await attentionGroupOrders(filter.group);
  if (!listed) return null;
  return listed.orders.filter((order) => (!filter.placedFrom || order.placedAt >= filter.placedFrom) && (!filter.placedTo || order.placedAt <= filter.placedTo));
}

export interface DryRun {
  count: number;
  /** Chosen orders placed longer ago than REPLAY_STALE_AFTER_MS: replaying them needs a yes. */
  stale: number;
}

function countOf(orders: readonly AttentionOrder[]): DryRun {
  const staleBefore = new Date(Date.now() - config().REPLAY_STALE_AFTER_MS).toISOString();
  return { count: orders.length, stale: orders.filter((order) => order.placedAt < staleBefore).length };
}

/** What a replay with this filter would send on, without sending anything. */
export async function dryRun(filter: ReplayFilter): Promise<DryRun> {
  return countOf((await chosenOrders(filter)) ?? []);
}

/** Starts the replay; refused while it would include stale orders without `confirmStale`. */
export async function startReplay(filter: ReplayFilter, name: string, actor: string, { confirmStale }: { confirmStale: boolean }): Promise<ActionResult & { operationId?: string }> {
  const orders = await chosenOrders(filter);
  if (!orders || orders.length === 0) return { ok: false, message: "No order matches; nothing was replayed" };
  const { stale } = countOf(orders);
  if (stale > 0 && !confirmStale) {
    return { ok: false, message: `${stale} of these orders were placed more than ${Math.round(config().REPLAY_STALE_AFTER_MS / 86_400_000)} days ago: confirm that they should still go out` };
  }
  const operation = await db
    .insertInto("ReplayOperation")
    .values({ name, filter: JSON.stringify(filter), orderIds: orders.map((order) => order.id), createdBy: actor })
    .returning(["id"])
    .executeTakeFirstOrThrow();
  for (const order of orders) {
    if (order.status === "EMAIL_FAILED") await resendConfirmation(order.id, actor, name);
    else await retrySync(order.id, actor, name);
  }
  return { ok: true, message: `“${name}”: ${orders.length} order${orders.length === 1 ? "" : "s"} on their way`, operationId: operation.id };
}

export interface ReplayProgress {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  total: number;
  /** Confirmed: in the ERP and the shopper emailed. */
  done: number;
  /** Waiting for a person again. */
  failed: number;
  left: number;
}

/** A replay's progress, read from its orders; null for an unknown id. */
export async function replayProgress(id: string): Promise<ReplayProgress | null> {
  if (!isOrderId(id)) return null;
  const operation = await db.selectFrom("ReplayOperation").selectAll().where("id", "=", id).executeTakeFirst();
  if (!operation) return null;
  const statuses = await db
    .selectFrom("Order")
    .select(["status", (eb) => eb.fn.countAll<string>().as("count")])
    .where("id", "=", (eb) => eb.fn.any(eb.val(operation.orderIds)))
    .groupBy("status")
    .execute();
  const count = (wanted: readonly string[]) => statuses.filter((row) => wanted.includes(row.status)).reduce((sum, row) => sum + Number(row.count), 0);
  const total = operation.orderIds.length;
  const done = count(["CONFIRMED"]);
  const failed = count(["FAILED", "EMAIL_FAILED"]);
  return { id, name: operation.name, createdBy: operation.createdBy, createdAt: operation.createdAt.toISOString(), total, done, failed, left: total - done - failed };
}
