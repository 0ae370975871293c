import { sql } from "kysely";
import { db } from "../db";
import { logger } from "../logger";
import type { ConditionKey } from "./conditions";

/**
 * Every write to an alert, each one statement that names what it expects (compare-and-set), so any
 * number of evaluators and workers may run them at once: a condition is opened once, cleared once,
 * and each notice is claimed once. Times are PostgreSQL's now().
 */
export interface AlertRow {
  id: string;
  condition: ConditionKey;
  openedAt: Date;
  notifiedAt: Date | null;
  reminders: number;
  clearedAt: Date | null;
  recoveredNoticeAt: Date | null;
  count: number;
  detail: string;
  lastEntryAt: Date | null;
  newEntries: number;
  firstNewEntryAt: Date | null;
  toldEntryAt: Date | null;
  updates: number;
}

export interface Reading {
  count: number;
  detail: string;
  /** For a condition made of orders: when the newest entered, and those that entered after the last notice. */
  entries?: Entries;
}

export interface Entries {
  lastEntryAt: Date | null;
  newEntries: number;
  firstNewEntryAt: Date | null;
}

const columns = [
  "id",
  "condition",
  "openedAt",
  "notifiedAt",
  "reminders",
  "clearedAt",
  "recoveredNoticeAt",
  "count",
  "detail",
  "lastEntryAt",
  "newEntries",
  "firstNewEntryAt",
  "toldEntryAt",
  "updates",
] as const;
const asRow = (row: Record<(typeof columns)[number], unknown>) => row as AlertRow;

/**
 * Opens the condition's alert if none is open, else updates the open one's figures. Logs
 * "alarm raised" once per opening (the platform's log alerts, and the fault suite, count them).
 */
export async function raiseAlert(condition: ConditionKey, { count, detail, entries }: Reading): Promise<void> {
  const figures = { count, detail, ...entries };
  const opened = await db
    .insertInto("Alert")
    .values({ condition, openCondition: condition, ...figures })
    .onConflict((conflict) => conflict.column("openCondition").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (opened) {
    logger.error({ alarm: condition, alertId: opened.id, count, detail }, "alarm raised");
    return;
  }
  await db.updateTable("Alert").set(figures).where("openCondition", "=", condition).execute();
}

/** Clears the condition's open alert, if there is one; logs "alarm cleared" once. */
export async function clearAlert(condition: ConditionKey): Promise<void> {
  const cleared = await db
    .updateTable("Alert")
    .set({ openCondition: null, clearedAt: sql`now()` })
    .where("openCondition", "=", condition)
    .returning("id")
    .executeTakeFirst();
  if (cleared) logger.info({ alarm: condition, alertId: cleared.id }, "alarm cleared");
}

export async function openAlerts(): Promise<AlertRow[]> {
  const rows = await db.selectFrom("Alert").select(columns).where("openCondition", "is not", null).orderBy("openedAt", "desc").execute();
  return rows.map(asRow);
}

export async function openAlert(condition: ConditionKey): Promise<AlertRow | null> {
  const row = await db.selectFrom("Alert").select(columns).where("openCondition", "=", condition).executeTakeFirst();
  return row ? asRow(row) : null;
}

/** The history, newest first. */
export async function listAlerts(limit = 200): Promise<AlertRow[]> {
  const rows = await db.selectFrom("Alert").select(columns).orderBy("openedAt", "desc").limit(limit).execute();
  return rows.map(asRow);
}

export type NoticeKind = "opened" | "reminder" | "update" | "recovered";

export interface DueNotice {
  alert: AlertRow;
  kind: NoticeKind;
  /** 1 for the first reminder, 2 for the next…; 0 otherwise. */
  reminder: number;
  /** 1 for the first update, 2 for the next…; 0 otherwise. */
  update: number;
}

/**
 * Notices owed now: the opening one once the condition has held `groupSeconds`; a reminder once
 * `remindMinutes` passed since the last notice; an update once the first order that entered after
 * the last notice has waited `groupSeconds` (so a burst of entries is one update, as a burst is one
 * alert); a recovery for a cleared alert whose opening notice went out (one cleared before that was
 * a blip nobody was told about, and needs no recovery).
 */
export async function dueNotices({ groupSeconds, remindMinutes }: { groupSeconds: number; remindMinutes: number }): Promise<DueNotice[]> {
  const grouped = sql<Date>`now() - make_interval(secs => ${groupSeconds})`;
  const remindable = sql<Date>`now() - make_interval(secs => ${remindMinutes * 60})`;
  const rows = await db
    .selectFrom("Alert")
    .select([...columns, (eb) => eb("notifiedAt", "<=", remindable).as("reminderDue")])
    .where((eb) =>
      eb.or([
        eb.and([eb("openCondition", "is not", null), eb("notifiedAt", "is", null), eb("openedAt", "<=", grouped)]),
        eb.and([eb("openCondition", "is not", null), eb("notifiedAt", "<=", remindable)]),
        eb.and([
          eb("openCondition", "is not", null),
          eb("notifiedAt", "is not", null),
          eb("lastEntryAt", ">", sql<Date>`coalesce(${eb.ref("toldEntryAt")}, '-infinity')`),
          eb("firstNewEntryAt", "<=", grouped),
        ]),
        eb.and([eb("clearedAt", "is not", null), eb("notifiedAt", "is not", null), eb("recoveredNoticeAt", "is", null)]),
      ]),
    )
    .orderBy("openedAt")
    .execute();
  return rows.map(({ reminderDue, ...row }) => {
    const alert = asRow(row);
    if (alert.clearedAt) return { alert, kind: "recovered", reminder: 0, update: 0 };
    if (!alert.notifiedAt) return { alert, kind: "opened", reminder: 0, update: 0 };
    // A reminder says all an update would, with the count as of now.
    if (reminderDue) return { alert, kind: "reminder", reminder: alert.reminders + 1, update: 0 };
    return { alert, kind: "update", reminder: 0, update: alert.updates + 1 };
  });
}

/**
 * Records that a notice went to the queue, if no one recorded it meanwhile; false if another
 * evaluator did (its jobs carry the same ids, so the queue holds the notice once either way). A
 * notice while open covers the entries up to the newest it was written from.
 */
export async function markNotified({ alert, kind, reminder, update: updateNumber }: DueNotice): Promise<boolean> {
  const update = db.updateTable("Alert").where("id", "=", alert.id);
  const told = { notifiedAt: sql<Date>`now()`, toldEntryAt: alert.lastEntryAt };
  const marked =
    kind === "opened"
      ? update.set(told).where("notifiedAt", "is", null)
      : kind === "reminder"
        ? update.set({ ...told, reminders: reminder }).where("reminders", "=", reminder - 1)
        : kind === "update"
          ? update.set({ ...told, updates: updateNumber }).where("updates", "=", updateNumber - 1)
          : update.set({ recoveredNoticeAt: sql`now()` }).where("recoveredNoticeAt", "is", null);
  const result = await marked.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
