import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderStatus } from "@/components/order-status";
import { getPublicOrderStatus } from "@/lib/orders/public-status";

export const metadata: Metadata = { title: "Your order", robots: { index: false } };

export default async function OrderPage({ params }: PageProps<"/orders/[token]">) {
  const { token } = await params;
  const status = await getPublicOrderStatus(token);
  if (!status) notFound();
  return (
    <div className="mx-auto max-w-xl">
      <OrderStatus token={token} initial={status} />
    </div>
  );
}
