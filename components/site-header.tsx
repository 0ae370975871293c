import Link from "next/link";

export function SiteHeader({ cartCount }: { cartCount: number }) {
  return (
    <header className="border-b border-stone-200 dark:border-stone-700">
      <nav className="mx-auto flex max-w-6xl items-center justify-between px-4 py-4" aria-label="Main">
        <Link href="/" className="text-lg font-semibold tracking-tight">
          Dispatch Supply Co.
        </Link>
        <Link href="/cart" className="rounded-full border border-stone-300 px-4 py-1.5 text-sm font-medium hover:bg-stone-100 dark:border-stone-600 dark:hover:bg-stone-800">
          Cart <span aria-label={`${cartCount} items`} data-testid="cart-count">({cartCount})</span>
        </Link>
      </nav>
    </header>
  );
}
