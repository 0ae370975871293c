import { listOrders, parseOrderListQuery } from "@/lib/admin/orders";
import { adminOrUnauthorized } from "@/lib/admin/session";

/** The admin's order table, polled: ?status=FAILED&q=DSP-001042&cursor=… */
export async function GET(request: Request) {
  const admin = await adminOrUnauthorized();
  if (admin instanceof Response) return admin;
  const parsed = parseOrderListQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
  const list = await listOrders(parsed.query);
  return Response.json(list, { headers: { "cache-control": "no-store" } });
}
