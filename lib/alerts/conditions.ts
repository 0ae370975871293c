import { sql, type ExpressionBuilder } from "kysely";
import { config } from "../config";
import { db } from "../db";
import type { DB } from "../generated/kysely/types";
import { breakerStatus } from "../erp/breaker";
import { attentionGroups, attentionStatuses } from "../admin/attention";
import { formatOrderNumber } from "../orders/format";
import { withTimeout } from "../with-timeout";
import type { Entries, Reading } from "./store";

/**
 * What a person must hear about. Each condition is a state that starts and ends; the evaluator
 * (evaluate.ts) measures those it can read from PostgreSQL and the breaker's Redis state. The ERP
 * refusing our credentials or path is seen only in the ERP's answers, so the sync job raises and
 * clears that one itself (lib/orders/sync.ts), through the same store.
 */
export const conditions = {
  ordersNeedAttention: "orders-need-attention",
  erpBreakerOpen: "erp-breaker-open",
  syncSlaPassed: "sync-sla-passed",
  erpConfiguration: "erp-configuration",
  emailFailures: "email-failures",
} as const;
export type ConditionKey = (typeof conditions)[keyof typeof conditions];

/** A condition's state now: null while it does not hold. */
export type Measurement = Reading | null;

/**
 * What a notice says about a condition while it holds, about the orders that entered it since the
 * last notice (an update), once it clears, and where in the admin to act on it.
 */
export function describeCondition(condition: ConditionKey, count: number, newEntries = 0): { title: string; update?: string; cleared: string; path: string } {
  const orders = (n: number) => `${n} order${n === 1 ? "" : "s"}`;
  const needs = (n: number) => `need${n === 1 ? "s" : ""} attention`;
  switch (condition) {
    case conditions.ordersNeedAttention:
      return {
        title: `${orders(count)} ${needs(count)}`,
        update: `${newEntries} more order${newEntries === 1 ? "" : "s"} ${needs(newEntries)} (${count} in all)`,
        cleared: "No order waits for a person any more",
        path: "/admin/attention",
      };
    case conditions.erpBreakerOpen:
      return { title: "The ERP circuit breaker is open: ERP calls are paused", cleared: "The ERP circuit breaker closed: ERP calls go again", path: "/admin" };
    case conditions.syncSlaPassed:
      return { title: `${orders(count)} not in the ERP after ${config().SYNC_SLA_MINUTES} minutes`, cleared: "Orders reach the ERP within the SLA again", path: "/admin" };
    case conditions.erpConfiguration:
      return { title: "The ERP refuses our calls (credentials or URL): orders wait", cleared: "The ERP accepts our calls again", path: "/admin" };
    case conditions.emailFailures:
      return { title: `${count} email sends to shoppers failed in the last hour`, cleared: "Email failures are under the threshold again", path: "/admin/orders?status=EMAIL_FAILED" };
  }
}

/** How many groups of the Needs attention inbox a notice names; the rest are counted. */
const GROUPS_NAMED = 5;

/**
 * Orders waiting for a person, grouped as the Needs attention inbox groups them (lib/admin/attention.ts):
 * one reading for a burst of any size, its largest groups named; with the orders that entered after
 * `told`, the newest entry the alert's last notice covered.
 */
async function ordersNeedingAttention(told: Date | null): Promise<Measurement> {
  const [unsorted, entries] = await Promise.all([attentionGroups(), attentionEntries(told)]);
  const groups = unsorted.sort((a, b) => b.count - a.count);
  const count = groups.reduce((sum, group) => sum + group.count, 0);
  if (count === 0) return null;
  const named = groups.slice(0, GROUPS_NAMED).map((group) => `${group.count} × ${group.label}: ${group.problem}`);
  const rest = groups.length > GROUPS_NAMED ? [`${groups.length - GROUPS_NAMED} more groups`] : [];
  return { count, detail: [...named, ...rest].join("; "), entries };
}

async function attentionEntries(told: Date | null): Promise<Entries> {
  const after = (eb: ExpressionBuilder<DB, "Order">) => (told ? eb("attentionSince", ">", told) : eb.lit(true));
  const row = await db
    .selectFrom("Order")
    .select((eb) => [
      eb.fn.max("attentionSince").as("lastEntryAt"),
      eb.fn.countAll<string>().filterWhere(after(eb)).as("newEntries"),
      eb.fn.min("attentionSince").filterWhere(after(eb)).as("firstNewEntryAt"),
    ])
    .where("status", "in", attentionStatuses)
    .executeTakeFirstOrThrow();
  return { lastEntryAt: row.lastEntryAt, newEntries: Number(row.newEntries), firstNewEntryAt: row.firstNewEntryAt };
}

async function breakerOpen(): Promise<Measurement> {
  const breaker = await withTimeout(breakerStatus(), 2_000, "Redis did not answer for the breaker's state");
  if (breaker.state === "closed") return null;
  return { count: breaker.failures, detail: `${breaker.failures} of the last ${breaker.calls} ERP calls failed; the breaker is ${breaker.state}` };
}

/** Orders still owing their ERP call SYNC_SLA_MINUTES after checkout; the oldest named. */
async function syncSlaPassed(): Promise<Measurement> {
  const late = db
    .selectFrom("Order")
    .where("status", "in", ["RECEIVED", "SYNCING", "SYNC_RETRYING"])
    .where("createdAt", "<", sql<Date>`now() - make_interval(mins => ${config().SYNC_SLA_MINUTES})`);
  const [totals, oldest] = await Promise.all([
    late.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
    late.select(["number", sql<number>`floor(extract(epoch from now() - "createdAt") / 60)::int`.as("minutes")]).orderBy("createdAt").limit(1).executeTakeFirst(),
  ]);
  if (!oldest) return null;
  return { count: Number(totals.count), detail: `the oldest, ${formatOrderNumber(oldest.number)}, was placed ${oldest.minutes} minutes ago` };
}

async function emailFailures(): Promise<Measurement> {
  const { count } = await db
    .selectFrom("OrderEvent")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("type", "=", "EMAIL_FAILED")
    .where("createdAt", ">", sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirstOrThrow();
  const threshold = config().ALERT_EMAIL_FAILURES_PER_HOUR;
  if (Number(count) < threshold) return null;
  return { count: Number(count), detail: `${Number(count)} failed sends in the last hour (the threshold is ${threshold})` };
}

/** The conditions the evaluator measures, each on its own, given the newest entry its open alert told of. */
export const measured: Record<Exclude<ConditionKey, "erp-configuration">, (told: Date | null) => Promise<Measurement>> = {
  [conditions.ordersNeedAttention]: ordersNeedingAttention,
  [conditions.erpBreakerOpen]: breakerOpen,
  [conditions.syncSlaPassed]: syncSlaPassed,
  [conditions.emailFailures]: emailFailures,
};
