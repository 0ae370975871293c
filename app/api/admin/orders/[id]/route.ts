import { getOrderDetail, isOrderId } from "@/lib/admin/orders";
import { staffOrResponse } from "@/lib/staff/session";

export async function GET(_request: Request, { params }: RouteContext<"/api/admin/orders/[id]">) {
  const staff = await staffOrResponse();
  if (staff instanceof Response) return staff;
  const { id } = await params;
  if (!isOrderId(id)) return Response.json({ error: "An order id is a UUID, such as the one in the admin's order links" }, { status: 400 });
  const detail = await getOrderDetail(id);
  if (!detail) return Response.json({ error: "Order not found" }, { status: 404 });
  return Response.json(detail, { headers: { "cache-control": "no-store" } });
}
