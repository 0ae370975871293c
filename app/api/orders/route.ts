import { databaseUnavailableResponse } from "@/lib/database-unavailable";
import { formatOrderNumber } from "@/lib/orders/format";
import { checkoutLimiter, MAX_CHECKOUT_BYTES } from "@/lib/orders/limits";
import { isIdempotencyKey } from "@/lib/orders/checkout";
import { placeOrder } from "@/lib/orders/place-order";
import { clientAddress } from "@/lib/client-address";
import { take, tooManyRequests } from "@/lib/rate-limit";

const problem = (status: number, error: string, extra: object = {}) => Response.json({ error, ...extra }, { status });

/**
 * The checkout as a JSON API: the same placeOrder() as the Place order button, with the
 * idempotency key in the `Idempotency-Key` header. 201 for a new order and, as Stripe does, for a
 * replay of one too (with Idempotent-Replayed: true); 503 while the database is unavailable.
 */
export async function POST(request: Request) {
  // The rate limit's Redis round trip overlaps reading the body; nothing is written before both are done.
  const [wait, body] = await Promise.all([take(checkoutLimiter(), clientAddress(request.headers)), readAtMost(request, MAX_CHECKOUT_BYTES)]);
  if (wait) return tooManyRequests(wait);
  if (!isJson(request.headers.get("content-type"))) return problem(415, "Send the order as application/json");
  const idempotencyKey = request.headers.get("idempotency-key");
  if (!isIdempotencyKey(idempotencyKey)) return problem(400, "The Idempotency-Key header is required: 1 to 255 printable characters");

  if (body === null) return problem(413, `The order must be at most ${MAX_CHECKOUT_BYTES} bytes`);
  let order: unknown;
  try {
    order = JSON.parse(body);
  } catch {
    return problem(400, "The body is not valid JSON");
  }
  if (typeof order !== "object" || order === null || Array.isArray(order)) return problem(422, "The body must be a JSON object");

  const result = await placeOrder({ ...order, idempotencyKey });
  switch (result.status) {
    case "invalid":
      return problem(422, result.message, { fieldErrors: result.fieldErrors });
    case "conflict":
      return problem(409, result.message);
    case "unavailable":
      return databaseUnavailableResponse("The shop is briefly unavailable and nothing was ordered; try again in a few seconds");
    default: {
      const { number, publicToken } = result.order;
      const headers = result.status === "replayed" ? { "idempotent-replayed": "true" } : undefined;
      return Response.json(
        { orderNumber: formatOrderNumber(number), token: publicToken, statusUrl: `/orders/${publicToken}` },
        { status: 201, headers },
      );
    }
  }
}

/** application/json exactly, with or without parameters (application/jsonp is another type). */
function isJson(contentType: string | null): boolean {
  return contentType?.split(";")[0]!.trim().toLowerCase() === "application/json";
}

/** The body as text, or null once it grows past `limit` bytes: an oversized body is never buffered whole. */
async function readAtMost(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
