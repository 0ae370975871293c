/**
 * What can go wrong with an ERP call, by what Dispatch should do about it (lib/erp/retry-policy.ts).
 */
export type ErpErrorKind = "transient" | "configuration" | "rejected" | "conflict";

export abstract class ErpError extends Error {
  abstract readonly kind: ErpErrorKind;
  constructor(
    message: string,
    /** The HTTP status, when the ERP answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Timeouts, connection errors, 5xx, 408/409/425/429: this call failed; another may not. */
export class ErpTransientError extends ErpError {
  readonly kind = "transient";
  name = "ErpTransientError";
  constructor(
    message: string,
    status?: number,
    /** How long the ERP asked us to wait (Retry-After), if it did. */
    readonly retryAfterMs?: number,
  ) {
    super(message, status);
  }
}

/**
 * 401, 403, 404, 405, 407, 415 and other 4xx that say nothing about the order: a rotated
 * credential, a wrong URL, a proxy answering during a deploy. Every order would get the same
 * answer, so none is failed for it: they wait while a person is alarmed.
 */
export class ErpConfigurationError extends ErpError {
  readonly kind = "configuration";
  name = "ErpConfigurationError";
}

/** 400, 413, 422: the ERP will not take this order as it is. A person must look at it. */
export class ErpRejectedError extends ErpError {
  readonly kind = "rejected";
  name = "ErpRejectedError";
}

/** The ERP holds this order's idempotency key with a different body: no retry can clear it. */
export class ErpIdempotencyConflictError extends ErpError {
  readonly kind = "conflict";
  name = "ErpIdempotencyConflictError";
}
