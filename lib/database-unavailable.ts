/**
 * Whether an error means PostgreSQL cannot be reached or is restarting (so the same request may
 * well succeed in a moment), as opposed to a fault in the request or in our code.
 */

/** Node's socket errors: refused, reset, timed out, no route, no such host. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * SQLSTATEs: class 08 (connection exception), admin_shutdown, crash_shutdown, cannot_connect_now
 * (starting up, shutting down, in recovery), too_many_connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P01|57P02|57P03|53300)$/;

/** 55000 is a broad class; only this message of it means "come back later". */
const NOT_ACCEPTING_CONNECTIONS = /is not currently accepting connections/;

/** The pg driver's and its pool's own errors, which carry no code. */
const DRIVER_MESSAGES = new Set([
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
]);

/** How @prisma/adapter-pg names the socket errors it maps (its `DriverAdapterError`'s cause). */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  /** Prisma's known request errors keep the adapter's error here, not in `cause`. */
  meta?: { driverAdapterError?: unknown };
}

function meansUnavailable({ code, kind, message }: ErrorLike): boolean {
  if (typeof code === "string") {
    if (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
    if (code === "55000" && typeof message === "string" && NOT_ACCEPTING_CONNECTIONS.test(message)) return true;
  }
  return (typeof kind === "string" && ADAPTER_KINDS.has(kind)) || (typeof message === "string" && DRIVER_MESSAGES.has(message));
}

/** Looks through the error, its `cause` chain, Prisma's wrapped adapter error and an AggregateError's errors. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const candidate = pending.pop();
    if (typeof candidate !== "object" || candidate === null || seen.has(candidate)) continue;
    seen.add(candidate);
    const node = candidate as ErrorLike;
    if (meansUnavailable(node)) return true;
    pending.push(node.cause, node.meta?.driverAdapterError);
    if (Array.isArray(node.errors)) pending.push(...node.errors);
  }
  return false;
}

/** 503 with Retry-After: the answer of a route while the database is unavailable. */
export function databaseUnavailableResponse(error: string): Response {
  return Response.json({ error }, { status: 503, headers: { "retry-after": "5", "cache-control": "no-store" } });
}
