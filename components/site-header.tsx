import Link from "next/link";
import { CartCount } from "./cart-count";

export function SiteHeader() {
  return (
    <header className="border-b border-stone-200 bg-paper/90 dark:border-stone-800">
      <nav className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-4" aria-label="Main">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <svg aria-hidden viewBox="0 0 32 32" className="size-7 shrink-0">
            <rect width="32" height="32" rx="7" className="fill-stone-900 dark:fill-stone-100" />
            <path d="M9 9h8a7 7 0 0 1 0 14H9z" fill="none" strokeWidth="3" className="stroke-white dark:stroke-stone-900" />
          </svg>
          Dispatch Supply Co.
        </Link>
        <Link href="/cart" className="rounded-full border border-stone-300 px-4 py-1.5 text-sm font-medium hover:bg-stone-100 dark:border-stone-600 dark:hover:bg-stone-800">
          Cart <CartCount />
        </Link>
      </nav>
    </header>
  );
}
