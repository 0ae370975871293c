import Link from "next/link";

export function EmptyCart() {
  return (
    <div className="mt-6 rounded-2xl border border-dashed border-stone-300 px-6 py-12 text-center dark:border-stone-700">
      <p className="text-lg font-medium">Your cart is empty.</p>
      <p className="mt-1 muted">Everything you add shows up here.</p>
      <Link href="/" className="btn-primary mt-6">
        Browse the shop
      </Link>
    </div>
  );
}
