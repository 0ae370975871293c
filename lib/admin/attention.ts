import { db } from "../db";
import { formatOrderNumber } from "../orders/format";
import { attentionReasons, type AttentionReason } from "../orders/state-machine";

/**
 * The Needs attention inbox: orders the system cannot finish alone, grouped by why — the reason
 * and the error with what differs per order taken out — so that forty refusals of one kind are one
 * group of forty, oldest first.
 */
export interface AttentionGroup {
  /** Stable for the group while its orders wait: reason and problem. */
  key: string;
  reason: AttentionReason | null;
  label: string;
  problem: string;
  count: number;
  oldestAt: string;
}

export const attentionStatuses = ["FAILED", "EMAIL_FAILED"] as const;

/** The error with what differs per order (addresses, ids, numbers, codes) replaced by "…". */
export function problemOf(error: string | null): string {
  if (!error) return "No error recorded";
  return error
    .replace(/[^\s@()]+@[^\s@()]+/g, "…")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "…")
    .replace(/\bDSP-\d+/g, "DSP-…")
    .replace(/(?<!ERP answered )\b[\w-]*\d[\w-]*\b/g, "…")
    // The letters of a postcode such as 1011 AB go with its digits.
    .replace(/…\s+[A-Z]{1,3}\b/g, "…")
    .replace(/…(?:\s+…)+/g, "…");
}

const keyOf = (reason: AttentionReason | null, problem: string) => `${reason ?? "NONE"}:${problem}`;

/** How many orders wait for a person: the admin's nav and overview. */
export async function attentionCount(): Promise<number> {
  const { count } = await db.selectFrom("Order").select((eb) => eb.fn.countAll<string>().as("count")).where("status", "in", attentionStatuses).executeTakeFirstOrThrow();
  return Number(count);
}

/** Every group waiting, oldest first. */
export async function attentionGroups(): Promise<AttentionGroup[]> {
  // PostgreSQL groups by the exact error; merging errors that differ only per order happens here.
  const rows = await db
    .selectFrom("Order")
    .select(["attentionReason", "lastError", (eb) => eb.fn.countAll<string>().as("count"), (eb) => eb.fn.min("createdAt").as("oldestAt")])
    .where("status", "in", attentionStatuses)
    .groupBy(["attentionReason", "lastError"])
    .execute();
  const groups = new Map<string, AttentionGroup>();
  for (const row of rows) {
    const problem = problemOf(row.lastError);
    const key = keyOf(row.attentionReason, problem);
    const oldestAt = new Date(row.oldestAt).toISOString();
    const group = groups.get(key);
    if (group) {
      group.count += Number(row.count);
      if (oldestAt < group.oldestAt) group.oldestAt = oldestAt;
    } else {
      const label = row.attentionReason ? attentionReasons[row.attentionReason] : "Waiting for a person";
      groups.set(key, { key, reason: row.attentionReason, label, problem, count: Number(row.count), oldestAt });
    }
  }
  return [...groups.values()].sort((a, b) => a.oldestAt.localeCompare(b.oldestAt));
}

export interface AttentionOrder {
  id: string;
  number: string;
  status: "FAILED" | "EMAIL_FAILED";
  placedAt: string;
  customer: string;
  assignee: string | null;
  lastError: string | null;
}

/** The orders of one group, oldest first; null for a key no group has (a stale link). */
export async function attentionGroupOrders(key: string): Promise<{ group: AttentionGroup; orders: AttentionOrder[] } | null> {
  const group = (await attentionGroups()).find((candidate) => candidate.key === key);
  if (!group) return null;
  let query = db.selectFrom("Order").select(["id", "number", "status", "createdAt", "name", "assignee", "lastError"]).where("status", "in", attentionStatuses).orderBy("createdAt");
  query = group.reason ? query.where("attentionReason", "=", group.reason) : query.where("attentionReason", "is", null);
  const rows = await query.execute();
  return {
    group,
    orders: rows
      .filter((row) => problemOf(row.lastError) === group.problem)
      .map((row) => ({ id: row.id, number: formatOrderNumber(row.number), status: row.status as AttentionOrder["status"], placedAt: row.createdAt.toISOString(), customer: row.name, assignee: row.assignee, lastError: row.lastError })),
  };
}
