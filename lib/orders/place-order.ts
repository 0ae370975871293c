import { randomBytes } from "node:crypto";
import pg from "pg";
import { config } from "../config";
import { isDatabaseUnavailable } from "../database-unavailable";
import { logger } from "../logger";
import { checkoutDuration } from "../metrics";
import { enqueue, QueueName } from "../queue";
import { checkoutSchema, requestHash, type CheckoutInput, type FieldErrors } from "./checkout";
import { overdueIn } from "./owed-work";
import { priceCart, type PricedCart } from "./pricing";
import { insertOrder, orderByIdempotencyKey, type PlacedOrder } from "./store";

export type { PlacedOrder };

export type PlaceOrderResult =
  | { status: "created" | "replayed"; order: PlacedOrder }
  | { status: "invalid"; message: string; fieldErrors: FieldErrors }
  | { status: "conflict"; message: string }
  /** PostgreSQL cannot be reached or is restarting: the same checkout may simply be tried again. */
  | { status: "unavailable" };

/**
 * Places an order: validate, price from the database, record it (RECEIVED, with its items and
 * first event) in one statement, then queue the ERP sync. Returns as soon as the order is safe in
 * PostgreSQL: the row says the ERP call is owed, so if Redis is down the sweeper queues it later.
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
    order = await recordPricedOrder(input, hash, priced);
  } catch (error) {
    // The key was used before (a retry, a double click, or a race the other one won): the unique
    // index answers that, so a new order costs no lookup first. Answer as a replay of that order.
    if (!isUniqueViolation(error)) throw error;
    return replay((await earlierOrderWith(input.idempotencyKey))!, hash);
  }

  logger.info({ orderId: order.id, orderNumber: order.number }, "order placed");
  await queueSync(order.id);
  return { status: "created", order };
}

/** The job (id = order id) records when it was queued; only a re-queue by the sweeper adds an event. */
async function queueSync(orderId: string): Promise<void> {
  try {
    await enqueue(QueueName.erpSync, { orderId });
  } catch (error) {
    logger.warn({ orderId, err: error }, "order waits for the sweeper until the queue is reachable");
  }
}

/** The checkout's one write (lib/orders/store.ts); benchmarked alone as the floor. */
export function recordPricedOrder(input: CheckoutInput, hash: string, priced: PricedCart & { ok: true }): Promise<PlacedOrder> {
  const { email, name, addressLine1, addressLine2, city, postalCode, country, idempotencyKey } = input;
  return insertOrder({
    publicToken: randomBytes(24).toString("base64url"),
    email,
    name,
    addressLine1,
    addressLine2: addressLine2 ?? null,
    city,
    postalCode,
    country,
    totalCents: priced.totalCents,
    currency: priced.currency,
    idempotencyKey,
    requestHash: hash,
    lines: priced.lines,
    syncDeadlineInMs: config().SYNC_DEADLINE_MS,
    dueInMs: overdueIn.queued(),
  });
}

const earlierOrderWith = orderByIdempotencyKey;

function replay(earlier: PlacedOrder & { requestHash: string }, hash: string): PlaceOrderResult {
  if (earlier.requestHash !== hash) {
    return { status: "conflict", message: "This checkout was already used for a different order; reload the page" };
  }
  const { requestHash: _hash, ...order } = earlier;
  return { status: "replayed", order };
}

/** PostgreSQL's unique_violation. */
const isUniqueViolation = (error: unknown) => error instanceof pg.DatabaseError && error.code === "23505";
