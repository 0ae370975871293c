import type { Metadata } from "next";
import { OrdersTable } from "@/components/admin/orders-table";
import { listOrders, parseOrderListQuery } from "@/lib/admin/orders";
import { requireStaffPage } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Orders · Admin" };

export default async function AdminOrdersPage({ searchParams }: PageProps<"/admin/orders">) {
  await requireStaffPage();
  const raw = await searchParams;
  const params = new URLSearchParams(Object.entries(raw).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
  const parsed = parseOrderListQuery(params);
  // A mangled or stale link (a cursor this list never gave out) opens the first page of every order.
  const query = parsed.ok ? parsed.query : {};
  const initial = await listOrders(query);
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Orders</h1>
      <OrdersTable initial={initial} query={{ status: query.status, q: query.search, cursor: query.cursor }} />
    </>
  );
}
