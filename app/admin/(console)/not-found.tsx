import Link from "next/link";

// Inside the admin's layout: a mistyped or outdated order link keeps the merchant in the admin.
export default function AdminNotFound() {
  return (
    <section className="py-12">
      <p className="text-sm font-medium uppercase tracking-wide text-stone-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Order not found</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">No order has this address. It may have been mistyped, or the link is incomplete.</p>
      <Link href="/admin/orders" className="mt-6 inline-block rounded border border-stone-300 px-3 py-1.5 hover:bg-stone-100 dark:border-stone-700 dark:hover:bg-stone-800">
        All orders
      </Link>
    </section>
  );
}
