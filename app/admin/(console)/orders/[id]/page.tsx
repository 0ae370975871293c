import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderDetail } from "@/components/admin/order-detail";
import { getOrderDetail, renderOrderEmail } from "@/lib/admin/orders";
import { requireStaffPage } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Order · Admin" };

export default async function AdminOrderPage({ params }: PageProps<"/admin/orders/[id]">) {
  await requireStaffPage();
  const { id } = await params;
  const detail = await getOrderDetail(id);
  if (!detail) notFound();
  const emailHtml = await renderOrderEmail(id);
  return (
    <>
      <OrderDetail initial={detail} />
      <section aria-labelledby="email-heading" className="mt-8">
        <h2 id="email-heading" className="mb-2 font-semibold">
          Preview of the confirmation email
        </h2>
        <p className="mb-2 text-sm text-stone-600 dark:text-stone-400">Rendered now from the order; what actually went out is listed under Emails sent.</p>
        {/* Sandboxed: the email is shown, never run. */}
        <iframe title="Preview of the confirmation email" srcDoc={emailHtml ?? ""} sandbox="" className="h-[640px] w-full max-w-2xl rounded-lg border border-stone-200 bg-white dark:border-stone-800" />
      </section>
    </>
  );
}
