import { listOrders, parseOrderListQuery } from "@/lib/admin/orders";
import { staffOrResponse } from "@/lib/staff/session";

/** The admin's order table, polled: ?status=FAILED&q=DSP-001042&cursor=… */
export async function GET(request: Request) {
  const staff = await staffOrResponse();
  if (staff instanceof Response) return staff;
  const parsed = parseOrderListQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
  const list = await listOrders(parsed.query);
  return Response.json(list, { headers: { "cache-control": "no-store" } });
}
