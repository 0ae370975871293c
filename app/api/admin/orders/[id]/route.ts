import { getOrderDetail } from "@/lib/admin/orders";
import { adminOrUnauthorized } from "@/lib/admin/session";

export async function GET(_request: Request, { params }: RouteContext<"/api/admin/orders/[id]">) {
  const admin = await adminOrUnauthorized();
  if (admin instanceof Response) return admin;
  const detail = await getOrderDetail((await params).id);
  if (!detail) return Response.json({ error: "Order not found" }, { status: 404 });
  return Response.json(detail, { headers: { "cache-control": "no-store" } });
}
