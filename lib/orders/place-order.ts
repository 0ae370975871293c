import { randomBytes } from "node:crypto";
import pg from "pg";
import { config } from "../config";
import { isDatabaseUnavailable } from "../database-unavailable";
import { pool, prisma } from "../db";
import { logger } from "../logger";
import { checkoutDuration } from "../metrics";
import { enqueue, QueueName } from "../queue";
import { checkoutSchema, requestHash, type CheckoutInput, type FieldErrors } from "./checkout";
import { priceCart, type PricedCart } from "./pricing";
import { syncOrderToErp } from "./sync-to-erp";

export interface PlacedOrder {
  id: string;
  number: number;
  publicToken: string;
}

export type PlaceOrderResult =
  | { status: "created" | "replayed"; order: PlacedOrder }
  | { status: "invalid"; message: string; fieldErrors: FieldErrors }
  | { status: "conflict"; message: string }
  /** PostgreSQL cannot be reached or is restarting: the same checkout may simply be tried again. */
  | { status: "unavailable" };

const placedOrder = { id: true, number: true, publicToken: true } as const;
const earlierOrder = { ...placedOrder, requestHash: true } as const;

/**
 * Places an order: validate, price from the database, record it (RECEIVED, with its items and
 * first event) in one transaction, then queue the ERP sync. Returns as soon as the order is safe in
 * PostgreSQL: if Redis is down the order stays RECEIVED and the worker's sweeper queues it later.
 * The server action and POST /api/orders both come through here.
 */
export async function placeOrder(submission: unknown): Promise<PlaceOrderResult> {
  const observe = checkoutDuration.startTimer();
  try {
    const result = await recordOrder(submission);
    observe({ outcome: result.status });
    return result;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) {
      observe({ outcome: "error" });
      throw error;
    }
    // The order is written in one statement, so nothing is half-recorded; a retry with the same
    // idempotency key is safe even if that statement committed before the connection dropped.
    observe({ outcome: "unavailable" });
    logger.warn({ err: error }, "checkout refused: the database is unavailable");
    return { status: "unavailable" };
  }
}

async function recordOrder(submission: unknown): Promise<PlaceOrderResult> {
  const parsed = checkoutSchema.safeParse(submission);
  if (!parsed.success) {
    return {
      status: "invalid",
      message: "Please correct the highlighted fields",
      fieldErrors: parsed.error.flatten().fieldErrors as FieldErrors,
    };
  }
  const input = parsed.data;
  const hash = requestHash(input);

  const priced = await priceCart(input.items);
  if (!priced.ok) {
    // A retry of an order placed before a product was withdrawn is still that order.
    const earlier = await earlierOrderWith(input.idempotencyKey);
    return earlier ? replay(earlier, hash) : { status: "invalid", message: priced.message, fieldErrors: { items: [priced.message] } };
  }

  let order: PlacedOrder;
  try {
    order = await insertOrder(input, hash, priced);
  } catch (error) {
    // The key was used before (a retry, a double click, or a race the other one won): the unique
    // index answers that, so a new order costs no lookup first. Answer as a replay of that order.
    if (!isUniqueViolation(error)) throw error;
    return replay((await earlierOrderWith(input.idempotencyKey))!, hash);
  }

  logger.info({ orderId: order.id, orderNumber: order.number }, "order placed");
  if (config().CHECKOUT_MODE === "inline") await syncOrderToErp({ orderId: order.id, attempt: 1, maxAttempts: 1 });
  else await queueSync(order.id);
  return { status: "created", order };
}

/** The job (id = order id) records when it was queued; only a re-queue by the sweeper adds an event. */
async function queueSync(orderId: string): Promise<void> {
  try {
    await enqueue(QueueName.erpSync, { orderId });
  } catch (error) {
    // The order is committed; the sweeper will queue it once Redis answers again.
    logger.warn({ orderId, err: error }, "order stays RECEIVED until the queue is reachable");
  }
}

/**
 * The checkout's one write: the order, its items and its first event, as one SQL statement (one
 * round trip, atomic like any statement). Prisma's nested create took six (BEGIN, three inserts, a
 * read-back, COMMIT) and was the largest cost per checkout (docs/benchmarks). Benchmarked alone as
 * the floor.
 */
export async function insertOrder(input: CheckoutInput, hash: string, priced: PricedCart & { ok: true }): Promise<PlacedOrder> {
  const customer = customerFields(input);
  const { rows } = await pool.query<PlacedOrder>(
    `WITH placed AS (
      INSERT INTO "Order" (id, "publicToken", email, name, "addressLine1", "addressLine2", city, "postalCode", country,
                           "totalCents", currency, "idempotencyKey", "requestHash", "updatedAt")
      VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
      RETURNING id, number, "publicToken"
    ), items AS (
      INSERT INTO "OrderItem" (id, "orderId", "productId", "productName", "unitPriceCents", quantity)
      SELECT gen_random_uuid()::text, placed.id, line."productId", line."productName", line."unitPriceCents", line.quantity
      FROM placed, json_to_recordset($13::json) AS line("productId" text, "productName" text, "unitPriceCents" int, quantity int)
    ), received AS (
      INSERT INTO "OrderEvent" (id, "orderId", type, message)
      SELECT gen_random_uuid()::text, placed.id, 'RECEIVED', 'Order received' FROM placed
    )
    SELECT id::text, number, "publicToken" FROM placed`,
    [
      randomBytes(24).toString("base64url"),
      customer.email,
      customer.name,
      customer.addressLine1,
      customer.addressLine2,
      customer.city,
      customer.postalCode,
      customer.country,
      priced.totalCents,
      priced.currency,
      input.idempotencyKey,
      hash,
      JSON.stringify(priced.lines),
    ],
  );
  return rows[0]!;
}

const earlierOrderWith = (idempotencyKey: string) => prisma.order.findUnique({ where: { idempotencyKey }, select: earlierOrder });

function replay(earlier: PlacedOrder & { requestHash: string }, hash: string): PlaceOrderResult {
  if (earlier.requestHash !== hash) {
    return { status: "conflict", message: "This checkout was already used for a different order; reload the page" };
  }
  const { requestHash: _hash, ...order } = earlier;
  return { status: "replayed", order };
}

function customerFields(input: CheckoutInput) {
  const { email, name, addressLine1, addressLine2, city, postalCode, country } = input;
  return { email, name, addressLine1, addressLine2: addressLine2 ?? null, city, postalCode, country };
}

/** PostgreSQL's unique_violation. */
const isUniqueViolation = (error: unknown) => error instanceof pg.DatabaseError && error.code === "23505";
