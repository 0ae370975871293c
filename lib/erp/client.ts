import { STATUS_CODES } from "node:http";
import { request } from "undici";
import { config } from "../config";
import { erpCallDuration, erpErrors } from "../metrics";
import { ErpConfigurationError, ErpIdempotencyConflictError, ErpRejectedError, ErpTransientError, type ErpError } from "./errors";
import { IDEMPOTENCY_CONFLICT_CODE, type ErpErrorBody, type ErpReceipt } from "./wire";

const transientStatuses = new Set([408, 409, 425, 429]);
const rejectionStatuses = new Set([400, 413, 422]);
/** The longest Retry-After we honour; a larger one is read as this. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Records an order in the ERP: `body` from erpRequestBody(), `idempotencyKey` the order's id, so
 * repeating the call is safe — after a timeout we cannot know whether the ERP recorded the order,
 * so we ask again and get the same reference. Throws one of the classes in errors.ts.
 */
export async function submitOrder(body: string, idempotencyKey: string): Promise<ErpReceipt> {
  const observe = erpCallDuration.startTimer();
  try {
    const receipt = await post(body, idempotencyKey);
    observe({ outcome: "ok" });
    return receipt;
  } catch (error) {
    const kind = (error as ErpError).kind ?? "transient";
    observe({ outcome: kind });
    erpErrors.inc({ kind });
    throw error;
  }
}

/** The ERP's health check: the circuit breaker's probe. True only for a 2xx within the timeout. */
export async function erpIsHealthy(): Promise<boolean> {
  const { ERP_URL, ERP_TIMEOUT_MS } = config();
  try {
    const { statusCode, body } = await request(new URL("/health", ERP_URL), { signal: AbortSignal.timeout(ERP_TIMEOUT_MS) });
    await body.dump();
    return statusCode >= 200 && statusCode < 300;
  } catch {
    return false;
  }
}

/** An answer of the ERP, as far as the adapter reads it. */
interface Answer {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

// undici's request rather than fetch: it hands over every status (fetch turns a proxy's 407 into a
// network error), at a fraction of fetch's CPU per call (docs/benchmarks).
async function post(body: string, idempotencyKey: string): Promise<ErpReceipt> {
  const { ERP_URL, ERP_TIMEOUT_MS } = config();
  let answer: Answer;
  try {
    const response = await request(new URL("/orders", ERP_URL), {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
      body,
      signal: AbortSignal.timeout(ERP_TIMEOUT_MS),
    });
    const retryAfter = response.headers["retry-after"];
    answer = { status: response.statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, text: await response.body.text() };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    throw new ErpTransientError(timedOut ? `ERP did not answer within ${ERP_TIMEOUT_MS} ms` : `ERP unreachable: ${describe(error)}`);
  }

  const parsed = parseJson(answer.text);
  if (answer.status >= 200 && answer.status < 300) {
    const reference = (parsed as Partial<ErpReceipt> | undefined)?.reference;
    if (typeof reference !== "string" || !reference) throw new ErpTransientError(`ERP answered ${answer.status} without a reference`, answer.status);
    return { reference };
  }
  throw classify(answer, parsed as ErpErrorBody | undefined);
}

function classify({ status, retryAfter, text }: Answer, body: ErpErrorBody | undefined): ErpError {
  const detail = `ERP answered ${status}: ${(body?.error ?? text).slice(0, 300) || STATUS_CODES[status] || "no reason given"}`;
  if (body?.code === IDEMPOTENCY_CONFLICT_CODE) return new ErpIdempotencyConflictError(detail, status);
  if (status >= 500 || transientStatuses.has(status)) return new ErpTransientError(detail, status, retryAfterMs(retryAfter));
  if (rejectionStatuses.has(status)) return new ErpRejectedError(detail, status);
  return new ErpConfigurationError(detail, status);
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
