import Link from "next/link";
import type { ReactNode } from "react";
import { SkipLink } from "@/components/skip-link";
import { attentionCount } from "@/lib/admin/attention";
import { StaffRoleProvider } from "@/components/admin/staff-role";
import { requireStaffPage } from "@/lib/staff/session";
import { logOut } from "../auth-actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaffPage();
  // The admin stays usable with PostgreSQL down: the overview is where that shows.
  const waiting = await attentionCount().catch(() => null);
  return (
    <>
      <SkipLink />
      <header className="border-b border-stone-200 bg-white dark:border-stone-800 dark:bg-stone-900">
        <nav className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3" aria-label="Admin">
          <Link href="/admin" className="font-semibold">
            Dispatch admin
          </Link>
          <Link href="/admin" className="hover:underline">
            Overview
          </Link>
          <Link href="/admin/orders" className="hover:underline">
            Orders
          </Link>
          <Link href="/admin/attention" className="hover:underline" data-testid="nav-attention">
            Needs attention{waiting === null ? "" : ` (${waiting})`}
          </Link>
          <Link href="/admin/alerts" className="hover:underline">
            Alerts
          </Link>
          {staff.role === "owner" && (
            <Link href="/admin/staff" className="hover:underline">
              Staff
            </Link>
          )}
          {/* Wraps under the links on a phone rather than off the screen. */}
          <div className="ml-auto flex items-center gap-3">
            <Link href="/admin/account" className="text-stone-500 hover:underline" data-testid="logged-in-as">
              Logged in as {staff.name} ({staff.role})
            </Link>
            <form action={logOut}>
              <button type="submit" className="whitespace-nowrap rounded border border-stone-300 px-3 py-1 hover:bg-stone-100 dark:border-stone-700 dark:hover:bg-stone-800">
                Log out
              </button>
            </form>
          </div>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <StaffRoleProvider role={staff.role}>{children}</StaffRoleProvider>
      </main>
    </>
  );
}
