import { listOrders, parseOrderListQuery } from "@/lib/admin/orders";
import { adminOrUnauthorized } from "@/lib/admin/session";

/** The admin's order table, polled: ?status=FAILED&q=DSP-001042&cursor=… */
export async function GET(request: Request) {
  const admin = await adminOrUnauthorized();
  if (admin instanceof Response) return admin;
  const list = await listOrders(parseOrderListQuery(new URL(request.url).searchParams));
  return Response.json(list, { headers: { "cache-control": "no-store" } });
}
