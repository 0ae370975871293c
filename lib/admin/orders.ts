import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import { prisma } from "../db";
import { getQueue, jobIdFor, QueueName, type QueueNameValue } from "../queue";
import { PRINTABLE } from "../orders/checkout";
import { formatOrderNumber, shippingLines } from "../orders/format";
import { renderConfirmation } from "../orders/send-confirmation";
import { isOrderId } from "../orders/store";
import { canCorrect } from "../orders/merchant-actions";
import { erpRequestBody } from "../erp/mapping";
import { attentionReasons, isSynced, needsAttention, orderStatuses, type OrderStatus } from "../orders/state-machine";

export interface OrderListQuery {
  status?: OrderStatus;
  /** An order number (DSP-001042, #1042 or 1042), or part of an email address or the customer's name. */
  search?: string;
  /** Where the previous page ended (from `nextCursor`). */
  cursor?: string;
  limit?: number;
}

export interface OrderRow {
  id: string;
  number: string;
  placedAt: string;
  customer: string;
  email: string;
  items: number;
  totalCents: number;
  currency: string;
  status: OrderStatus;
  attempts: number;
  lastError: string | null;
  timeToSyncMs: number | null;
}

export interface OrderList {
  rows: OrderRow[];
  nextCursor: string | null;
  counts: Record<OrderStatus, number>;
}

// Keyset pagination on (createdAt, id), newest first: each page costs the same at any depth.
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

const cursorSchema = z
  .string()
  .transform((cursor) => Buffer.from(cursor, "base64url").toString("utf8").split("|"))
  .pipe(z.tuple([z.iso.datetime(), z.uuid()]))
  .transform(([iso, id]) => ({ createdAt: new Date(iso), id }));

/** Where a cursor says the previous page ended, or null if it is not one `encodeCursor` made. */
const decodeCursor = (cursor: string) => cursorSchema.safeParse(cursor).data ?? null;

export { isOrderId };

const orderListParams = z.object({
  // An unknown status filters nothing, as a link to a status that no longer exists should.
  status: z.enum(orderStatuses).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .regex(PRINTABLE, "Search for an order number, an email address or a name, without control characters")
    .transform((search) => search.slice(0, 100) || undefined)
    .optional(),
  cursor: z
    .string()
    .refine((cursor) => decodeCursor(cursor) !== null, "That page of orders does not exist; start again from the first page")
    .optional(),
});

/** The admin's filter inputs from a query string; a malformed search or cursor is refused with the reason. */
export function parseOrderListQuery(params: URLSearchParams): { ok: true; query: OrderListQuery } | { ok: false; error: string } {
  const parsed = orderListParams.safeParse({
    status: params.get("status") ?? undefined,
    q: params.get("q") ?? undefined,
    cursor: params.get("cursor") ?? undefined,
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  const { status, q: search, cursor } = parsed.data;
  return { ok: true, query: { status, search, cursor } };
}

/** Prisma's `contains` is a LIKE pattern: the search's own % and _ are characters to find, not wildcards. */
const literally = (text: string) => ({ contains: text.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" as const });

/** An order number as people write it: DSP-001042, DSP 1042 or #1042; bare digits also match emails holding them. */
function searchFilter(search: string): Prisma.OrderWhereInput {
  const number = /^(#|DSP[-\s]*)?(\d{1,9})$/i.exec(search);
  if (number?.[1]) return { number: Number(number[2]) };
  if (number) return { OR: [{ number: Number(number[2]) }, { email: literally(number[2]!) }] };
  return { OR: [{ email: literally(search) }, { name: literally(search) }] };
}

/** How many orders (matching `where`) are in each status, zeros included. */
export async function countByStatus(where: Prisma.OrderWhereInput = {}): Promise<Record<OrderStatus, number>> {
  const grouped = await prisma.order.groupBy({ by: ["status"], _count: { _all: true }, where });
  const counts = Object.fromEntries(orderStatuses.map((status) => [status, 0])) as Record<OrderStatus, number>;
  for (const group of grouped) counts[group.status] = group._count._all;
  return counts;
}

export async function listOrders({ status, search, cursor, limit = 50 }: OrderListQuery): Promise<OrderList> {
  const after = cursor ? decodeCursor(cursor) : null;
  const where: Prisma.OrderWhereInput = {
    ...(status && { status }),
    AND: [
      search ? searchFilter(search) : {},
      after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    ],
  };
  const [orders, counts] = await Promise.all([
    prisma.order.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      include: { items: { select: { quantity: true } } },
    }),
    countByStatus(search ? searchFilter(search) : {}),
  ]);

  const page = orders.slice(0, limit);
  return {
    rows: page.map((order) => ({
      id: order.id,
      number: formatOrderNumber(order.number),
      placedAt: order.createdAt.toISOString(),
      customer: order.name,
      email: order.email,
      items: order.items.reduce((sum, item) => sum + item.quantity, 0),
      totalCents: order.totalCents,
      currency: order.currency,
      status: order.status,
      attempts: order.syncAttempts,
      lastError: order.lastError,
      timeToSyncMs: order.syncedAt ? order.syncedAt.getTime() - order.createdAt.getTime() : null,
    })),
    nextCursor: orders.length > limit ? encodeCursor(page.at(-1)!) : null,
    counts,
  };
}

export interface JobView {
  queue: QueueNameValue;
  id: string;
  state: string;
  attemptsMade: number;
  attempts: number;
  failedReason: string | null;
  nextAttemptAt: string | null;
}

async function jobView(queue: QueueNameValue, orderId: string): Promise<JobView | null> {
  const job = await getQueue(queue).getJob(jobIdFor(queue, { orderId }));
  if (!job) return null;
  const state = await job.getState();
  return {
    queue,
    id: job.id!,
    state,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    failedReason: job.failedReason || null,
    nextAttemptAt: state === "delayed" ? new Date(job.timestamp + (job.delay ?? 0)).toISOString() : null,
  };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Everything the order page shows, as JSON-ready data; `jobs` is null where Redis is unreachable. */
export async function getOrderDetail(id: string) {
  if (!isOrderId(id)) return null;
  const order = await prisma.order.findUnique({
    where: { id },
    include: {
      items: { orderBy: [{ position: "asc" }, { productName: "asc" }], include: { product: { select: { erpSku: true } } } },
      events: { orderBy: { sequence: "asc" } },
      emails: { orderBy: { sentAt: "asc" } },
    },
  });
  if (!order) return null;
  const items = order.items.map((item) => ({ ...item, erpSku: item.product.erpSku }));
  const jobs = await Promise.all([jobView(QueueName.erpSync, id), jobView(QueueName.email, id)]).catch(() => null);
  return {
    id: order.id,
    number: formatOrderNumber(order.number),
    status: order.status,
    customer: { name: order.name, email: order.email },
    recipient: { email: order.email, name: order.name, addressLine1: order.addressLine1, addressLine2: order.addressLine2 ?? "", city: order.city, postalCode: order.postalCode, country: order.country },
    shippingAddress: shippingLines(order),
    items: items.map(({ productId, productName, quantity, unitPriceCents, sku, erpSku }) => ({ productId, productName, quantity, unitPriceCents, sku, erpSku: erpSku ?? sku })),
    totalCents: order.totalCents,
    currency: order.currency,
    erpReference: order.erpReference,
    syncAttempts: order.syncAttempts,
    attention: order.attentionReason ? attentionReasons[order.attentionReason] : null,
    lastError: order.lastError,
    placedAt: order.createdAt.toISOString(),
    syncedAt: iso(order.syncedAt),
    emailedAt: iso(order.emailedAt),
    publicToken: order.publicToken,
    events: order.events.map(({ id: eventId, type, message, durationMs, actor, createdAt }) => ({
      id: eventId,
      type,
      message,
      durationMs,
      actor,
      at: createdAt.toISOString(),
    })),
    emails: order.emails.map(({ kind, recipient, subject, via, providerId, sentAt, delivery, deliveryDetail, deliveryAt }) => ({
      kind,
      recipient,
      subject,
      via,
      providerId,
      sentAt: sentAt.toISOString(),
      delivery,
      deliveryDetail,
      deliveryAt: iso(deliveryAt),
    })),
    jobs,
    /** The exact bytes the next ERP attempt sends: the frozen body, or the one it will freeze (a refused order's is built again). */
    nextErpRequest: (canCorrect(order) ? null : order.erpRequest) ?? erpRequestBody({ ...order, items }),
    assignee: order.assignee,
    can: { retrySync: order.status === "FAILED", resendEmail: isSynced(order.status), correct: canCorrect(order), resolve: needsAttention(order.status) },
  };
}
export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrderDetail>>>;

/** The confirmation email rendered now from the order, for the order page's preview (not a record of what was sent). */
export async function renderOrderEmail(id: string): Promise<string | null> {
  const order = await prisma.order.findUnique({ where: { id }, include: { items: true } });
  return order ? (await renderConfirmation(order)).html : null;
}
