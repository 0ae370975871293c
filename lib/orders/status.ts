import type { OrderStatus } from "../generated/prisma/enums";

export type { OrderStatus };

/**
 * The order state machine: the only list of moves an order can make.
 *
 *   RECEIVED → SYNCING → SYNCED → CONFIRMED (confirmation email sent)
 *                 ↕ SYNC_RETRYING (an ERP attempt failed, another is scheduled)
 *              → FAILED (out of attempts, or the ERP refused the order)
 *
 * SYNCING → SYNCING is an attempt restarting after its worker died mid-call;
 * FAILED → SYNC_RETRYING is a merchant's "Retry sync".
 */
const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  RECEIVED: ["SYNCING"],
  SYNCING: ["SYNCING", "SYNCED", "SYNC_RETRYING", "FAILED"],
  SYNC_RETRYING: ["SYNCING", "FAILED"],
  SYNCED: ["CONFIRMED"],
  CONFIRMED: [],
  FAILED: ["SYNC_RETRYING"],
};

/** Every status, in the order an order moves through them. */
export const orderStatuses = Object.keys(transitions) as readonly OrderStatus[];

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`An order cannot go from ${from} to ${to}`);
    this.name = "IllegalTransitionError";
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses an order may move to `to` from. */
export function statusesBefore(to: OrderStatus): OrderStatus[] {
  return orderStatuses.filter((from) => canTransition(from, to));
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** Statuses after which nothing more happens on its own: polling can stop. */
export function isSettled(status: OrderStatus): boolean {
  return status === "CONFIRMED" || status === "FAILED";
}

/** Statuses in which the ERP holds the order. */
export function isSynced(status: OrderStatus): boolean {
  return status === "SYNCED" || status === "CONFIRMED";
}
