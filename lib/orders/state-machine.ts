import type { AttentionReason, OrderStatus } from "../generated/prisma/enums";

export type { AttentionReason, OrderStatus };

/**
 * The order state machine: every way an order's status may change, each a named move from the
 * statuses it may start at.
 *
 *   RECEIVED → SYNCING → SYNCED → CONFIRMED (confirmation email sent)
 *                 ↕ SYNC_RETRYING (an ERP attempt failed, another is scheduled)
 *              → FAILED (stopped for a person: rejected, conflict, deadline, revived too often)
 *   SYNCED → EMAIL_FAILED (stopped for a person: the email failed on every attempt)
 *   SYNCED, CONFIRMED → EMAIL_FAILED (the mail API reported that the confirmation bounced)
 *   A merchant moves FAILED on (retry, or entered by hand → SYNCED) and EMAIL_FAILED (resend, or
 *   told another way → CONFIRMED).
 *
 * A move is applied only if the order is still in the status, and at the version, its mover read
 * (lib/orders/store.ts): a stale run of a job, or a second merchant's click, changes nothing.
 */
export const moves = {
  /** The worker takes an ERP attempt; from SYNCING when the previous run died mid-call. */
  startSync: { from: ["RECEIVED", "SYNC_RETRYING", "SYNCING"], to: "SYNCING" },
  syncSucceeded: { from: ["SYNCING"], to: "SYNCED" },
  scheduleRetry: { from: ["SYNCING"], to: "SYNC_RETRYING" },
  /** The ERP refused the order, the deadline passed, or its jobs kept dying. */
  stopSync: { from: ["RECEIVED", "SYNCING", "SYNC_RETRYING"], to: "FAILED" },
  confirm: { from: ["SYNCED"], to: "CONFIRMED" },
  stopEmail: { from: ["SYNCED"], to: "EMAIL_FAILED" },
  /** The latest confirmation bounced (from SYNCED when the report beats the move to CONFIRMED). */
  confirmationBounced: { from: ["SYNCED", "CONFIRMED"], to: "EMAIL_FAILED" },
  /** A merchant's "Retry sync". */
  retrySync: { from: ["FAILED"], to: "SYNC_RETRYING" },
  /** A merchant's "Resend confirmation" for an order whose email failed. */
  retryEmail: { from: ["EMAIL_FAILED"], to: "SYNCED" },
  /** A merchant entered a failed order in the ERP by hand: it owes its confirmation from here. */
  resolveSyncByHand: { from: ["FAILED"], to: "SYNCED" },
  /** A merchant told the shopper another way (their email failed for good). */
  resolveEmailByHand: { from: ["EMAIL_FAILED"], to: "CONFIRMED" },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>;

export type MoveName = keyof typeof moves;

/** Every status, in the order an order moves through them. */
export const orderStatuses = ["RECEIVED", "SYNCING", "SYNC_RETRYING", "SYNCED", "CONFIRMED", "EMAIL_FAILED", "FAILED"] as const satisfies readonly OrderStatus[];

export function canMove(from: OrderStatus, move: MoveName): boolean {
  return (moves[move].from as readonly OrderStatus[]).includes(from);
}

/** Statuses from which the order still owes an ERP call. */
export function owesSync(status: OrderStatus): boolean {
  return status === "RECEIVED" || status === "SYNCING" || status === "SYNC_RETRYING";
}

/** Statuses after which nothing more happens on its own: polling can stop. */
export function isSettled(status: OrderStatus): boolean {
  return status === "CONFIRMED" || status === "FAILED" || status === "EMAIL_FAILED";
}

/** Statuses in which the ERP holds the order. */
export function isSynced(status: OrderStatus): boolean {
  return status === "SYNCED" || status === "CONFIRMED" || status === "EMAIL_FAILED";
}

/** Why an order waits for a person, in words for the admin. */
export const attentionReasons: Record<AttentionReason, string> = {
  ERP_REJECTED: "Refused by the ERP",
  IDEMPOTENCY_CONFLICT: "The ERP holds this order with a different body",
  SYNC_DEADLINE: "Not in the ERP by the sync deadline",
  REVIVAL_LIMIT: "Its job kept getting lost or dying",
  EMAIL_FAILED: "The confirmation email failed on every attempt",
  EMAIL_BOUNCED: "The confirmation email bounced",
};

/** Statuses in which the order waits for a person. */
export function needsAttention(status: OrderStatus): boolean {
  return status === "FAILED" || status === "EMAIL_FAILED";
}
