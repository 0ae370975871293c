import { config } from "./config";
import { erpCallDuration, erpErrors } from "./metrics";

/** What the ERP receives for an order. */
export interface ErpOrder {
  orderId: string;
  number: string;
  email: string;
  name: string;
  shippingAddress: { line1: string; line2: string | null; city: string; postalCode: string; country: string };
  items: { sku: string; name: string; quantity: number; unitPriceCents: number }[];
  totalCents: number;
  currency: string;
}

/** The ERP answered that it will never accept this order: retrying cannot help. */
export class ErpRejectedError extends Error {
  name = "ErpRejectedError";
}

/** The ERP could not be reached or failed this time (timeout, 5xx, 429): retrying may help. */
export class ErpUnavailableError extends Error {
  name = "ErpUnavailableError";
}

const retryableStatuses = new Set([408, 409, 425, 429]);

/**
 * Records the order in the ERP. The Idempotency-Key (the order id) makes repeating this call safe:
 * after a timeout we cannot know whether the ERP recorded the order, so we simply ask again.
 */
export async function submitOrderToErp(order: ErpOrder): Promise<{ reference: string }> {
  const observe = erpCallDuration.startTimer();
  try {
    const result = await callErp(order);
    observe({ outcome: "ok" });
    return result;
  } catch (error) {
    const kind = error instanceof ErpRejectedError ? "rejected" : "unavailable";
    observe({ outcome: kind });
    erpErrors.inc({ kind });
    throw error;
  }
}

async function callErp(order: ErpOrder): Promise<{ reference: string }> {
  const { ERP_URL, ERP_TIMEOUT_MS } = config();
  let response: Response;
  try {
    response = await fetch(new URL("/orders", ERP_URL), {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": order.orderId },
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(ERP_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    throw new ErpUnavailableError(
      timedOut ? `ERP did not answer within ${ERP_TIMEOUT_MS} ms` : `ERP unreachable: ${describe(error)}`,
    );
  }

  const body = await response.text();
  if (response.ok) {
    const reference = parseReference(body);
    if (!reference) throw new ErpUnavailableError(`ERP answered ${response.status} without a reference`);
    return { reference };
  }
  const detail = `ERP answered ${response.status}${body ? `: ${body.slice(0, 200)}` : ""}`;
  if (response.status >= 500 || retryableStatuses.has(response.status)) throw new ErpUnavailableError(detail);
  throw new ErpRejectedError(detail);
}

function parseReference(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const reference = (parsed as { reference?: unknown }).reference;
    return typeof reference === "string" && reference ? reference : undefined;
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
