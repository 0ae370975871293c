import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { cartLines, cartVersion } from "../cart/store";
import { config } from "../config";
import { db } from "../db";
import type { DB } from "../generated/kysely/types";
import { isDatabaseUnavailable } from "../database-unavailable";
import { logger } from "../logger";
import { checkoutDuration } from "../metrics";
import { enqueue, QueueName } from "../queue";
import { cartCheckoutSchema, checkoutSchema, requestHash, type CheckoutInput, type FieldErrors } from "./checkout";
import { overdueIn } from "./owed-work";
import { priceCart, priceLines, type PricedCart } from "./pricing";
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
export function placeOrder(submission: unknown): Promise<PlaceOrderResult> {
  return timed(() => recordOrder(submission));
}

/** A checkout, timed for the metrics; PostgreSQL out of reach answers "unavailable". */
async function timed<R extends { status: string }>(checkout: () => Promise<R>): Promise<R | { status: "unavailable" }> {
  const observe = checkoutDuration.startTimer();
  try {
    const result = await checkout();
    observe({ outcome: result.status });
    return result;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) {
      observe({ outcome: "error" });
      throw error;
    }
    // The order is written in one statement (one transaction from a cart), so nothing is
    // half-recorded; the same checkout again is safe even if it committed before the connection dropped.
    observe({ outcome: "unavailable" });
    logger.warn({ err: error }, "checkout refused: the database is unavailable");
    return { status: "unavailable" };
  }
}

export type CartOrderResult =
  | { status: "created"; order: PlacedOrder }
  | { status: "invalid"; message: string; fieldErrors: FieldErrors }
  /** The cart is not what the page showed: the shopper must see it again. Nothing was placed. */
  | { status: "changed"; message: string }
  | { status: "empty"; message: string }
  | { status: "refused"; message: string }
  /** A second tab, a resubmission, a retry: the cart is that order already. */
  | { status: "ordered"; order: { number: number; publicToken: string } }
  | { status: "unavailable" };

/**
 * The checkout page's Place order: places the cart as it is on the server now, priced now, if it
 * is still what the page showed (`cartVersion`). One cart makes one order: the cart row is locked,
 * and marked with its order in the order's own transaction, so any other attempt waits and then
 * finds it ordered. The cart id is also the order's idempotency key, a second guard.
 */
export function placeCartOrder(cartId: string, submission: unknown): Promise<CartOrderResult> {
  return timed(async () => {
    const parsed = cartCheckoutSchema.safeParse(submission);
    if (!parsed.success) {
      return { status: "invalid", message: "Please correct the highlighted fields", fieldErrors: parsed.error.flatten().fieldErrors as FieldErrors };
    }
    const { cartVersion: shownVersion, ...customer } = parsed.data;
    const result = await db.transaction().execute(async (trx): Promise<CartOrderResult> => {
      const cart = await trx.selectFrom("Cart").select("orderId").where("id", "=", cartId).forUpdate().executeTakeFirst();
      if (cart?.orderId) {
        const order = await trx.selectFrom("Order").select(["number", "publicToken"]).where("id", "=", cart.orderId).executeTakeFirstOrThrow();
        return { status: "ordered", order };
      }
      const lines = await cartLines(cartId, trx);
      if (cartVersion(lines) !== shownVersion) {
        return { status: "changed", message: "Your cart changed since this page was loaded. Please check the summary, then place the order." };
      }
      const available = lines.filter((line) => line.available);
      if (available.length === 0) return { status: "empty", message: "Your cart is empty" };
      const priced = priceLines(
        available.map(({ productId, quantity }) => ({ productId, quantity })),
        available.map(({ productId: id, sku, name, unitPriceCents: priceCents, currency }) => ({ id, sku, name, priceCents, currency, active: true })),
      );
      if (!priced.ok) return { status: "refused", message: priced.message };
      const input: CheckoutInput = { ...customer, idempotencyKey: cartId, items: priced.lines.map(({ productId, quantity }) => ({ productId, quantity })) };
      const order = await recordPricedOrder(input, requestHash(input), priced, trx);
      // A product changed between reading the cart and the insert: nothing was written.
      if (!order) return { status: "changed", message: "A price in your cart changed just now. Please check the summary, then place the order." };
      await trx.updateTable("Cart").set({ orderId: order.id, updatedAt: sql`now()` }).where("id", "=", cartId).execute();
      return { status: "created", order };
    });
    if (result.status === "created") {
      logger.info({ orderId: result.order.id, orderNumber: result.order.number }, "order placed from a cart");
      await queueSync(result.order.id);
    }
    return result;
  });
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

  // Priced first from the rows this process has read; if the insert finds one changed, once more from fresh rows.
  let order: PlacedOrder | undefined;
  for (const fresh of [false, true]) {
    const priced = await priceCart(input.items, { fresh });
    if (!priced.ok) {
      // A retry of an order placed before a product was withdrawn is still that order.
      const earlier = await earlierOrderWith(input.idempotencyKey);
      return earlier ? replay(earlier, hash) : { status: "invalid", message: priced.message, fieldErrors: { items: [priced.message] } };
    }
    try {
      order = await recordPricedOrder(input, hash, priced);
    } catch (error) {
      // The key was used before (a retry, a double click, or a race the other one won): the unique
      // index answers that, so a new order costs no lookup first. Answer as a replay of that order.
      if (!isUniqueViolation(error)) throw error;
      return replay((await earlierOrderWith(input.idempotencyKey))!, hash);
    }
    if (order) break;
  }
  if (!order) return { status: "conflict", message: "A price in your order changed as it was placed, and nothing was ordered; please try again" };

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

/** The checkout's one write (lib/orders/store.ts), undefined if a line's product changed since it was priced; benchmarked alone as the floor. */
export function recordPricedOrder(input: CheckoutInput, hash: string, priced: PricedCart & { ok: true }, executor: Kysely<DB> = db): Promise<PlacedOrder | undefined> {
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
  }, executor);
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
export const isUniqueViolation = (error: unknown) => error instanceof pg.DatabaseError && error.code === "23505";
