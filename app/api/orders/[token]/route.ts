import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/database-unavailable";
import { statusLimiter } from "@/lib/orders/limits";
import { getPublicOrderStatus } from "@/lib/orders/public-status";
import { clientAddress } from "@/lib/client-address";
import { take, tooManyRequests } from "@/lib/rate-limit";

/** What the shopper's status page polls. Unknown and malformed tokens look the same: 404. */
export async function GET(request: Request, { params }: RouteContext<"/api/orders/[token]">) {
  const wait = await take(statusLimiter(), clientAddress(request.headers));
  if (wait) return tooManyRequests(wait);
  const token = (await params).token;
  let status;
  try {
    status = await getPublicOrderStatus(token);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return databaseUnavailableResponse("The shop is briefly unavailable; try again in a few seconds");
  }
  const headers = { "cache-control": "no-store" };
  if (!status) return Response.json({ error: "Order not found" }, { status: 404, headers });
  return Response.json(status, { headers });
}
