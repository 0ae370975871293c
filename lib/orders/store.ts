import { sql, type Kysely, type QueryCreator } from "kysely";
import { db } from "../db";
import type { DB } from "../generated/kysely/types";
import type { AttentionReason, DelayNotice, EmailDelivery, EmailKind, OrderEventType, OrderStatus } from "../generated/prisma/enums";
import { canMove, moves, needsAttention, type MoveName } from "./state-machine";

/**
 * Every write to an order and its timeline, and the reads on an order's path, as typed statements
 * (Kysely, checked against the Prisma schema). Each write is one statement, atomic like any, and
 * takes "now" from PostgreSQL: one clock for every time an order holds, whichever host wrote it.
 */

/** `now() + ms` on the database's clock. */
const fromNow = (ms: number) => sql<Date>`now() + ${ms}::float8 * interval '1 millisecond'`;
const now = sql<Date>`now()`;

export interface EventInput {
  type: OrderEventType;
  message: string;
  /** How long the step took (an ERP call, an email send). */
  durationMs?: number;
  /** The merchant who asked for it; absent for the system's own steps. */
  actor?: string;
  /** Set when the caller must know the event's id before it is written. */
  id?: string;
}

/** What a writer read of an order, and so expects it still to be. */
export interface OrderVersion {
  id: string;
  status: OrderStatus;
  version: number;
}

/** The events as rows joined to the one row a CTE changed: none are written when it changed none. */
function eventRows(events: readonly EventInput[]) {
  const json = JSON.stringify(events.map(({ id, type, message, durationMs, actor }) => ({ id: id ?? null, type, message, durationMs: durationMs ?? null, actor: actor ?? null })));
  return sql<{ id: string | null; type: OrderEventType; message: string; durationMs: number | null; actor: string | null }>`jsonb_populate_recordset(NULL::"OrderEvent", ${json}::jsonb)`.as("event");
}

// ─── Checkout ───────────────────────────────────────────────────────────────────────────────────

/** Who an order goes to, as its row holds it. */
export interface Recipient {
  email: string;
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  postalCode: string;
  country: string;
}

export interface NewOrder extends Recipient {
  publicToken: string;
  totalCents: number;
  currency: string;
  idempotencyKey: string;
  requestHash: string;
  lines: readonly { productId: string; sku: string; productName: string; unitPriceCents: number; quantity: number }[];
  /** When to give up syncing it. */
  syncDeadlineInMs: number;
  /** When its first job is overdue, for the sweeper. */
  dueInMs: number;
}

export interface PlacedOrder {
  id: string;
  number: number;
  publicToken: string;
}

/**
 * The checkout's one write: the order, its items and its first event in one statement (one round
 * trip), if every line's product is still on sale with the name and price it was priced with;
 * undefined, writing nothing, if one is not (its price changed since it was read). Fails with a
 * unique violation on a used idempotency key.
 */
export async function insertOrder({ lines, syncDeadlineInMs, dueInMs, ...order }: NewOrder, executor: Kysely<DB> = db): Promise<PlacedOrder | undefined> {
  // Each line keeps its place: pages and email list them as the shopper added them.
  const linesJson = JSON.stringify(lines.map((line, position) => ({ ...line, position })));
  const line = sql<{ productId: string; sku: string; productName: string; unitPriceCents: number; quantity: number; position: number }>`jsonb_populate_recordset(NULL::"OrderItem", ${linesJson}::jsonb)`;
  const columns = Object.keys(order) as (keyof typeof order)[];
  return executor
    .with("placed", (q) =>
      q
        .insertInto("Order")
        .columns([...columns, "syncDeadlineAt", "workDueAt"])
        .expression((eb) =>
          eb
            .selectFrom(sql<typeof order>`jsonb_populate_record(NULL::"Order", ${JSON.stringify(order)}::jsonb)`.as("o"))
            .select([...columns.map((column) => `o.${column}` as const), fromNow(syncDeadlineInMs).as("syncDeadlineAt"), fromNow(dueInMs).as("workDueAt")])
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom(line.as("line"))
                    .leftJoin("Product as p", "p.id", "line.productId")
                    .select(sql`1`.as("stale"))
                    .where(sql<boolean>`p.id IS NULL OR NOT p.active OR p."priceCents" <> line."unitPriceCents" OR p.sku <> line.sku OR p.name <> line."productName" OR p.currency <> ${order.currency}`),
                ),
              ),
            ),
        )
        .returning(["id", "number", "publicToken"]),
    )
    .with("items", (q) =>
      q
        .insertInto("OrderItem")
        .columns(["orderId", "productId", "sku", "productName", "unitPriceCents", "quantity", "position"])
        .expression((eb) =>
          eb
            .selectFrom("placed")
            .crossJoin(line.as("line"))
            .select(["placed.id", "line.productId", "line.sku", "line.productName", "line.unitPriceCents", "line.quantity", "line.position"]),
        ),
    )
    .with("received", (q) =>
      q
        .insertInto("OrderEvent")
        .columns(["orderId", "type", "message"])
        .expression((eb) => eb.selectFrom("placed").select(["placed.id", sql<OrderEventType>`'RECEIVED'`.as("type"), sql<string>`'Order received'`.as("message")])),
    )
    .selectFrom("placed")
    .select(["id", "number", "publicToken"])
    .executeTakeFirst();
}

export async function orderByIdempotencyKey(idempotencyKey: string) {
  return db.selectFrom("Order").select(["id", "number", "publicToken", "requestHash"]).where("idempotencyKey", "=", idempotencyKey).executeTakeFirst();
}

// ─── The worker's read ──────────────────────────────────────────────────────────────────────────

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Order ids are UUIDs; anything else names no order and never reaches PostgreSQL's uuid parser. */
export const isOrderId = (id: unknown): id is string => typeof id === "string" && UUID.test(id);

/** Whether an order with this id exists here. */
export async function orderExists(orderId: string): Promise<boolean> {
  if (!isOrderId(orderId)) return false;
  return (await db.selectFrom("Order").select("id").where("id", "=", orderId).executeTakeFirst()) !== undefined;
}

/**
 * What the worker's jobs (and a merchant's actions) read of an order: enough to send it to the ERP
 * and to email the shopper. Undefined for an id no order can have.
 */
export async function loadOrder(orderId: string) {
  if (!isOrderId(orderId)) return undefined;
  return db
    .selectFrom("Order as o")
    .select((eb) => [
      "o.id",
      "o.number",
      "o.publicToken",
      "o.status",
      "o.version",
      "o.attentionReason",
      "o.assignee",
      "o.email",
      "o.name",
      "o.addressLine1",
      "o.addressLine2",
      "o.city",
      "o.postalCode",
      "o.country",
      "o.totalCents",
      "o.currency",
      "o.erpRequest",
      "o.syncAttempts",
      "o.lastError",
      "o.resendRequestId",
      "o.delayNotice",
      // On the database's clock, like the deadline itself.
      sql<number>`(extract(epoch from o."syncDeadlineAt" - now()) * 1000)::float8`.as("msToDeadline"),
      // Each bounce asks for a confirmation under a new key (lib/orders/send-confirmation.ts).
      sql<number>`(SELECT count(*) FROM "OrderEmail" e WHERE e."orderId" = ${eb.ref("o.id")} AND e.kind = 'CONFIRMATION' AND e.delivery = 'BOUNCED')::int`.as("bouncedConfirmations"),
      sql<{ sku: string; erpSku: string | null; productName: string; unitPriceCents: number; quantity: number }[]>`coalesce((
        SELECT json_agg(json_build_object('sku', i.sku, 'erpSku', p."erpSku", 'productName', i."productName", 'unitPriceCents', i."unitPriceCents", 'quantity', i.quantity) ORDER BY i.position, i.sku)
        FROM "OrderItem" i JOIN "Product" p ON p.id = i."productId" WHERE i."orderId" = ${eb.ref("o.id")}), '[]')`.as("items"),
    ])
    .where("o.id", "=", orderId)
    .executeTakeFirst();
}
export type LoadedOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

// ─── Moves ──────────────────────────────────────────────────────────────────────────────────────

export interface MoveChanges {
  /** When the work the order owes after this move is overdue; null when it owes none. */
  dueInMs: number | null;
  /** Counts one more ERP attempt. */
  countAttempt?: boolean;
  /** Sets (or with null clears) the last error; left alone when absent. */
  lastError?: string | null;
  attentionReason?: AttentionReason | null;
  /** The body for the ERP, kept only if none is stored yet. */
  erpRequest?: string;
  /** Drops the stored body, so the next attempt builds it again: only for an order the ERP refused (it recorded nothing). */
  dropErpRequest?: boolean;
  erpReference?: string;
  synced?: boolean;
  emailed?: boolean;
  /** A merchant's retry: a fresh deadline and revival count. */
  restart?: { syncDeadlineInMs: number };
  /**
   * The shopper is owed the "taking longer" email, unless it was sent before (once per order): the
   * work is due in `dueInMs` only then, and its revivals count from zero.
   */
  owesDelayNotice?: true;
  /** An email the mail API accepted for this move, recorded whether or not the move still applies. */
  sentEmail?: SentEmailRecord;
}

/**
 * Applies a move of the state machine to an order as its mover read it, with its timeline events,
 * in one statement. Returns the order's new version and the ERP body it holds, or null if the order
 * is no longer in that status at that version (another run or person moved it first).
 */
export async function applyMove(order: OrderVersion, move: MoveName, events: EventInput | readonly EventInput[], changes: MoveChanges) {
  if (!canMove(order.status, move)) return null;
  const { to } = moves[move];
  return recording(changes.sentEmail)
    .with("moved", (q) =>
      q
        .updateTable("Order")
        .set((eb) => ({
          status: to,
          version: eb("version", "+", 1),
          updatedAt: now,
          // No move goes from one waiting status to another, so every move into one is an entry.
          attentionSince: needsAttention(to) ? now : null,
          workDueAt: changes.dueInMs === null ? null : changes.owesDelayNotice ? sql<Date | null>`CASE WHEN "delayNotice" = 'SENT' THEN NULL ELSE ${fromNow(changes.dueInMs)} END` : fromNow(changes.dueInMs),
          ...(changes.owesDelayNotice && { delayNotice: sql<DelayNotice>`coalesce("delayNotice", 'OWED')`, revivals: 0 }),
          ...(changes.countAttempt && { syncAttempts: eb("syncAttempts", "+", 1) }),
          ...(changes.lastError !== undefined && { lastError: changes.lastError }),
          ...(changes.attentionReason !== undefined && { attentionReason: changes.attentionReason }),
          ...(changes.erpRequest !== undefined && { erpRequest: eb.fn.coalesce("erpRequest", eb.val(changes.erpRequest)) }),
          ...(changes.dropErpRequest && { erpRequest: null }),
          ...(changes.erpReference !== undefined && { erpReference: changes.erpReference }),
          ...(changes.synced && { syncedAt: now }),
          ...(changes.emailed && { emailedAt: now }),
          ...(changes.restart && { revivals: 0, syncDeadlineAt: fromNow(changes.restart.syncDeadlineInMs) }),
        }))
        .where("id", "=", order.id)
        .where("status", "=", order.status)
        .where("version", "=", order.version)
        .returning(["id", "version", "erpRequest"]),
    )
    .with("written", (q) => insertEvents(q, "moved", events))
    .selectFrom("moved")
    .select(["version", "erpRequest"])
    .executeTakeFirst()
    .then((row) => row ?? null);
}

/** The events, written against the order row a CTE named `from` returned (none if it returned none). */
function insertEvents<Q extends { insertInto: typeof db.insertInto }>(q: Q, from: "moved", events: EventInput | readonly EventInput[]) {
  const list = Array.isArray(events) ? events : [events as EventInput];
  return q
    .insertInto("OrderEvent")
    .columns(["id", "orderId", "type", "message", "durationMs", "actor"])
    .expression((eb) =>
      eb
        .selectFrom(from as "Order")
        .crossJoin(eventRows(list))
        .select([sql<string>`coalesce(event.id, gen_random_uuid()::text)`.as("id"), sql<string>`${sql.ref(`${from}.id`)}`.as("orderId"), "event.type", "event.message", "event.durationMs", "event.actor"]),
    );
}

// ─── A merchant's correction ────────────────────────────────────────────────────────────────────

/**
 * Corrects who and where an order goes to, for an order the ERP refused (it recorded nothing, so a
 * corrected body may follow under the same key): the frozen ERP body is dropped, so the next attempt
 * sends the corrected one. Null if the order changed since it was read, or is not such an order.
 */
export async function correctRecipient(order: OrderVersion, fields: Partial<Recipient>, event: EventInput) {
  return db
    .with("moved", (q) =>
      q
        .updateTable("Order")
        .set((eb) => ({ ...fields, erpRequest: null, version: eb("version", "+", 1), updatedAt: now }))
        .where("id", "=", order.id)
        .where("version", "=", order.version)
        .where("status", "=", "FAILED")
        .where("attentionReason", "=", "ERP_REJECTED")
        .returning(["id"]),
    )
    .with("written", (q) => insertEvents(q, "moved", event))
    .selectFrom("moved")
    .select(["id"])
    .executeTakeFirst()
    .then((row) => row ?? null);
}

/**
 * Maps a product to the SKU the ERP knows it by (null: its own SKU), if its mapping is still
 * `before`, and writes `event` on every order the ERP refused that holds it: their next attempt
 * builds the body again with the new SKU (lib/erp/mapping.ts), as every later order's does. One
 * statement. Null if the product's mapping changed since it was read; a unique violation if another
 * product is mapped to that SKU.
 */
export async function mapProductToErpSku(productId: string, before: string | null, after: string | null, event: EventInput) {
  return db
    .with("mapped", (q) =>
      q
        .updateTable("Product")
        .set({ erpSku: after })
        .where("id", "=", productId)
        .where((eb) => (before === null ? eb("erpSku", "is", null) : eb("erpSku", "=", before)))
        .returning(["id"]),
    )
    .with("moved", (q) =>
      q
        .updateTable("Order")
        .set((eb) => ({ version: eb("version", "+", 1), updatedAt: now }))
        .where("status", "=", "FAILED")
        .where("attentionReason", "=", "ERP_REJECTED")
        .where((eb) => eb.exists(eb.selectFrom("OrderItem").innerJoin("mapped", "mapped.id", "OrderItem.productId").select("OrderItem.id").whereRef("OrderItem.orderId", "=", "Order.id")))
        .returning(["id"]),
    )
    .with("written", (q) => insertEvents(q, "moved", event))
    .selectFrom("mapped")
    .select((eb) => eb.selectFrom("moved").select((inner) => inner.fn.countAll<string>().as("count")).as("orders"))
    .executeTakeFirst()
    .then((row) => (row ? { orders: Number(row.orders) } : null));
}

/** A merchant takes an order that waits for a person ("mine"). False if it no longer waits. */
export async function assignOrder(orderId: string, assignee: string, event: EventInput): Promise<boolean> {
  const row = await db
    .with("moved", (q) =>
      q.updateTable("Order").set({ assignee, updatedAt: now }).where("id", "=", orderId).where("status", "in", ["FAILED", "EMAIL_FAILED"]).returning(["id"]),
    )
    .with("written", (q) => insertEvents(q, "moved", event))
    .selectFrom("moved")
    .select(["id"])
    .executeTakeFirst();
  return row !== undefined;
}

/** A merchant's note on the order's timeline. False if there is no such order. */
export async function addNote(orderId: string, event: EventInput): Promise<boolean> {
  const row = await db
    .with("moved", (q) => q.updateTable("Order").set({ updatedAt: now }).where("id", "=", orderId).returning(["id"]))
    .with("written", (q) => insertEvents(q, "moved", event))
    .selectFrom("moved")
    .select(["id"])
    .executeTakeFirst();
  return row !== undefined;
}

// ─── Work that is owed, and the sweeper ─────────────────────────────────────────────────────────

/**
 * Postpones when the order's owed work is overdue, without changing what it owes: a job that waits
 * (behind the breaker, or in a long queue) is not stranded. Orders that owe nothing are left alone.
 */
export async function postpone(orderIds: readonly string[], dueInMs: number): Promise<void> {
  if (orderIds.length === 0) return;
  await db.updateTable("Order").set({ workDueAt: fromNow(dueInMs) }).where("id", "in", orderIds).where("workDueAt", "is not", null).execute();
}

/** A timeline entry that changes no status (an email attempt that failed), postponing the owed work. */
export async function noteAttempt(orderId: string, event: EventInput, dueInMs: number): Promise<void> {
  await db
    // Runs whether or not the statement reads it, as every data-modifying CTE does.
    .with("noted", (q) => q.updateTable("Order").set({ workDueAt: fromNow(dueInMs) }).where("id", "=", orderId).where("workDueAt", "is not", null).returning(["id"]))
    .insertInto("OrderEvent")
    .values({ orderId, type: event.type, message: event.message, durationMs: event.durationMs ?? null, actor: event.actor ?? null })
    .execute();
}

/** Orders whose owed work is overdue, oldest first, after `cursor`: the sweeper's walk. */
export async function overdueOrders({ after, limit }: { after: { dueAt: Date; id: string } | null; limit: number }) {
  let query = db
    .selectFrom("Order")
    .select(["id", "status", "version", "revivals", "resendRequestId", "delayNotice", "workDueAt"])
    .where("workDueAt", "<", now)
    .orderBy("workDueAt")
    .orderBy("id")
    .limit(limit);
  if (after) {
    query = query.where((eb) => eb.or([eb("workDueAt", ">", after.dueAt), eb.and([eb("workDueAt", "=", after.dueAt), eb("id", ">", after.id)])]));
  }
  return query.execute();
}

/**
 * The sweeper found the order's job lost or dead: counts a revival, with its event, and postpones
 * the work while the job runs again. Null if another sweeper or run changed the order first.
 */
export async function revive(order: OrderVersion, event: EventInput, dueInMs: number) {
  return db
    .with("moved", (q) =>
      q
        .updateTable("Order")
        .set((eb) => ({ revivals: eb("revivals", "+", 1), version: eb("version", "+", 1), updatedAt: now, workDueAt: fromNow(dueInMs) }))
        .where("id", "=", order.id)
        .where("version", "=", order.version)
        .returning(["id", "revivals"]),
    )
    .with("written", (q) => insertEvents(q, "moved", event))
    .selectFrom("moved")
    .select(["revivals"])
    .executeTakeFirst();
}

// ─── Emails as they went out ────────────────────────────────────────────────────────────────────

export interface SentEmailRecord {
  orderId: string;
  kind: EmailKind;
  recipient: string;
  subject: string;
  idempotencyKey: string;
  via: string;
  providerId: string;
}

/**
 * A statement that first records an email the mail API accepted, if there is one: a data-modifying
 * CTE runs whatever the rest of the statement does, so the email is recorded even if the order's
 * update no longer applies. A retried job's repeat of the same send records nothing.
 */
function recording(email: SentEmailRecord | undefined): QueryCreator<DB> {
  if (!email) return db;
  const insert = (q: QueryCreator<DB>) => q.insertInto("OrderEmail").values(email).onConflict((oc) => oc.column("idempotencyKey").doNothing());
  return db.with("recorded", insert) as unknown as QueryCreator<DB>;
}

/**
 * The delay notice is done, sent (SENT) or given up (null: owed again should the order stop once
 * more), with its event. The order owes nothing more if it still waits for a person; work it owes
 * otherwise (a merchant's retry came first) is left alone. False if the notice was not owed.
 */
export async function finishDelayNotice(orderId: string, outcome: "SENT" | null, event: EventInput, sentEmail?: SentEmailRecord): Promise<boolean> {
  const row = await recording(sentEmail)
    .with("moved", (q) =>
      q
        .updateTable("Order")
        .set({ delayNotice: outcome, updatedAt: now, workDueAt: sql<Date | null>`CASE WHEN status = 'FAILED' THEN NULL ELSE "workDueAt" END` })
        .where("id", "=", orderId)
        .where("delayNotice", "=", "OWED")
        .returning(["id"]),
    )
    .with("written", (q) => insertEvents(q, "moved", event))
    .selectFrom("moved")
    .select(["id"])
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * How long a webhook's svix-id is remembered: far past the mail API's last automatic redelivery
 * (svix's retries end about 28 hours after the first try). Only a person replaying one by hand
 * later could repeat it, and an older report never overwrites a newer one (recordDelivery).
 */
export const WEBHOOK_MEMORY_DAYS = 30;

/** Forgets the webhooks applied more than WEBHOOK_MEMORY_DAYS ago; the count forgotten. */
export async function forgetOldWebhooks(): Promise<number> {
  const deleted = await db
    .deleteFrom("EmailWebhook")
    .where("receivedAt", "<", sql<Date>`now() - make_interval(days => ${WEBHOOK_MEMORY_DAYS})`)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** What the mail API reported about one sent email, from one webhook. */
export interface DeliveryReport {
  /** The webhook's svix-id: each is applied once. */
  webhookId: string;
  webhookType: string;
  /** The mail API's id of the email (OrderEmail.providerId). */
  providerId: string;
  delivery: EmailDelivery;
  /** A bounce's reason, for the admin; null otherwise. */
  detail: string | null;
  /** When it happened, by the mail API's clock: an older report never replaces a newer one. */
  at: Date;
}

/** An email we sent, by the mail API's id (the latest, should two ever share it). */
export async function sentEmailByProviderId(providerId: string) {
  return db.selectFrom("OrderEmail").select(["id", "orderId", "kind"]).where("providerId", "=", providerId).orderBy("sentAt", "desc").limit(1).executeTakeFirst();
}
export type SentEmail = NonNullable<Awaited<ReturnType<typeof sentEmailByProviderId>>>;

export type DeliveryOutcome = "duplicate" | "older" | "recorded" | "needs-attention";

/**
 * Applies one delivery report about a sent email in one statement: the webhook is noted by its
 * svix-id (a redelivery changes nothing), the email's latest report replaced unless this one is
 * older, its timeline event written, and — for a bounce of the order's latest confirmation — the
 * order moved to EMAIL_FAILED for a person (confirmationBounced), said on the same event.
 */
export async function recordDelivery(email: SentEmail, report: DeliveryReport, event: { type: OrderEventType; message: string }): Promise<DeliveryOutcome> {
  const movesOrder = report.delivery === "BOUNCED" && email.kind === "CONFIRMATION";
  const { from, to } = moves.confirmationBounced;
  const row = await db
    .with("seen", (q) =>
      q
        .insertInto("EmailWebhook")
        .values({ svixId: report.webhookId, type: report.webhookType })
        .onConflict((oc) => oc.column("svixId").doNothing())
        .returning(["svixId"]),
    )
    .with("reported", (q) =>
      q
        .updateTable("OrderEmail")
        .set({ delivery: report.delivery, deliveryDetail: report.detail, deliveryAt: report.at })
        .where("id", "=", email.id)
        .where((eb) => eb.exists(eb.selectFrom("seen").select("svixId")))
        .where((eb) => eb.or([eb("deliveryAt", "is", null), eb("deliveryAt", "<=", report.at)]))
        .returning(["orderId", "sentAt"]),
    )
    .with("moved", (q) =>
      q
        .updateTable("Order")
        .set((eb) => ({
          status: to,
          version: eb("version", "+", 1),
          updatedAt: now,
          attentionReason: "EMAIL_BOUNCED",
          attentionSince: now,
          lastError: (report.detail ?? "Bounced").slice(0, 1000),
          // A SYNCED order owed this confirmation; no more. A resend a merchant asked for stays owed.
          workDueAt: sql<Date | null>`CASE WHEN "resendRequestId" IS NULL THEN NULL ELSE "workDueAt" END`,
        }))
        .where(sql<boolean>`${movesOrder}`)
        .where("id", "=", email.orderId)
        .where("status", "in", from)
        .where((eb) => eb.exists(eb.selectFrom("reported").select("orderId")))
        // Only the order's latest confirmation decides: a bounce of one a later send replaced does not.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("OrderEmail as later")
                .crossJoin("reported")
                .select("later.id")
                .where("later.orderId", "=", email.orderId)
                .where("later.kind", "=", "CONFIRMATION")
                .whereRef("later.sentAt", ">", "reported.sentAt"),
            ),
          ),
        )
        .returning(["id"]),
    )
    .with("written", (q) =>
      q
        .insertInto("OrderEvent")
        .columns(["orderId", "type", "message"])
        .expression((eb) =>
          eb
            .selectFrom("reported")
            .select([
              "reported.orderId",
              eb.val(event.type).as("type"),
              sql<string>`${event.message} || CASE WHEN EXISTS (SELECT 1 FROM moved) THEN '. The order waits for a person.' ELSE '' END`.as("message"),
            ]),
        ),
    )
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom("seen").select("svixId")).as("fresh"),
      eb.exists(eb.selectFrom("reported").select("orderId")).as("recorded"),
      eb.exists(eb.selectFrom("moved").select("id")).as("moved"),
    ])
    .executeTakeFirstOrThrow();
  if (!row.fresh) return "duplicate";
  if (!row.recorded) return "older";
  return row.moved ? "needs-attention" : "recorded";
}

// ─── Resends a merchant asks for ────────────────────────────────────────────────────────────────

/** Owes the order a resend of its confirmation (`requestId` is the request event's id). */
export async function requestResend(order: OrderVersion, requestId: string, event: EventInput, dueInMs: number): Promise<boolean> {
  const row = await db
    .with("moved", (q) =>
      q
        .updateTable("Order")
        .set((eb) => ({ resendRequestId: requestId, version: eb("version", "+", 1), updatedAt: now, workDueAt: fromNow(dueInMs) }))
        .where("id", "=", order.id)
        .where("version", "=", order.version)
        .where("resendRequestId", "is", null)
        .returning(["id"]),
    )
    .with("written", (q) => insertEvents(q, "moved", { ...event, id: requestId }))
    .selectFrom("moved")
    .select(["id"])
    .executeTakeFirst();
  return row !== undefined;
}

/** The resend is done, sent or given up: the order owes it no more. False if it was not owed. */
export async function finishResend(orderId: string, requestId: string, event: EventInput, sentEmail?: SentEmailRecord): Promise<boolean> {
  const row = await recording(sentEmail)
    .with("moved", (q) =>
      q
        .updateTable("Order")
        .set((eb) => ({ resendRequestId: null, version: eb("version", "+", 1), updatedAt: now, workDueAt: null }))
        .where("id", "=", orderId)
        .where("resendRequestId", "=", requestId)
        .returning(["id"]),
    )
    .with("written", (q) => insertEvents(q, "moved", event))
    .selectFrom("moved")
    .select(["id"])
    .executeTakeFirst();
  return row !== undefined;
}

