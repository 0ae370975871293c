"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { OrderList } from "@/lib/admin/orders";
import { formatMoney } from "@/lib/orders/format";
import { orderStatuses, type OrderStatus } from "@/lib/orders/state-machine";
import { StatusBadge, statusLabel } from "./status-badge";
import { TableHead } from "./table-head";
import { LocalTime } from "../local-time";
import { duration } from "./time";

interface Props {
  initial: OrderList;
  /** The current filter as a query string (status, q, cursor), shared by links and polling. */
  query: { status?: OrderStatus; q?: string; cursor?: string };
}

function href(query: Props["query"]) {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const search = params.toString();
  return `/admin/orders${search ? `?${search}` : ""}`;
}

export function OrdersTable({ initial, query }: Props) {
  const url = href(query).replace("/admin/orders", "/api/admin/orders");
  const { data, dataUpdatedAt } = useQuery<OrderList>({
    queryKey: ["admin-orders", url],
    queryFn: async () => {
      const response = await fetch(url, { cache: "no-store" });
      if (!response.ok) throw new Error(`Orders request failed (${response.status})`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: 3_000,
  });
  const total = Object.values(data.counts).reduce((sum, count) => sum + count, 0);

  return (
    <div>
      <nav aria-label="Filter by status" className="flex flex-wrap gap-2">
        <FilterLink active={!query.status} to={href({ q: query.q })} label="All" count={total} />
        {orderStatuses.map((status) => (
          <FilterLink key={status} active={query.status === status} to={href({ status, q: query.q })} label={statusLabel(status)} count={data.counts[status]} />
        ))}
      </nav>

      <form action="/admin/orders" className="mt-4 flex gap-2" role="search">
        {query.status && <input type="hidden" name="status" value={query.status} />}
        <label htmlFor="order-search" className="sr-only">
          Search by order number, email or name
        </label>
        <input id="order-search" name="q" defaultValue={query.q} placeholder="Order number, email or name" className="w-72 rounded border border-stone-300 bg-white px-3 py-1.5 dark:border-stone-700 dark:bg-stone-900" />
        <button type="submit" className="rounded border border-stone-300 px-3 py-1.5 dark:border-stone-700">
          Search
        </button>
      </form>

      <div className="mt-4 overflow-x-auto rounded-lg border border-stone-200 bg-white dark:border-stone-800 dark:bg-stone-900">
        <table className="w-full text-left">
          <caption className="sr-only">Orders, newest first</caption>
          <TableHead
            headings={["Order", "Placed", "Customer", "Items", "Total", "Status", "Attempts", "Last error", "Time to sync"]}
            className="border-b border-stone-200 dark:border-stone-800"
          />
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.id} className="border-b border-stone-100 last:border-0 dark:border-stone-800" data-testid="order-row">
                <td className="px-3 py-2 font-medium">
                  <Link href={`/admin/orders/${row.id}`} className="underline-offset-2 hover:underline">
                    {row.number}
                  </Link>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <LocalTime iso={row.placedAt} relativeTo={dataUpdatedAt} />
                </td>
                <td className="px-3 py-2">
                  <div>{row.customer}</div>
                  <div className="text-xs text-stone-500">{row.email}</div>
                </td>
                <td className="px-3 py-2 tabular-nums">{row.items}</td>
                <td className="px-3 py-2 tabular-nums">{formatMoney(row.totalCents, row.currency)}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={row.status} />
                </td>
                <td className="px-3 py-2 tabular-nums">{row.attempts}</td>
                <td className="max-w-56 truncate px-3 py-2 text-red-800 dark:text-red-300" title={row.lastError ?? undefined}>
                  {row.lastError}
                </td>
                <td className="px-3 py-2 tabular-nums">{row.timeToSyncMs === null ? "—" : duration(row.timeToSyncMs)}</td>
              </tr>
            ))}
            {data.rows.length === 0 && (
              <tr>
                <td colSpan={9} className="px-3 py-8 text-center text-stone-500">
                  No orders match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <div className="mt-3 flex gap-4">
        {query.cursor && (
          <Link href={href({ status: query.status, q: query.q })} className="underline">
            ← Newest
          </Link>
        )}
        {data.nextCursor && (
          <Link href={href({ ...query, cursor: data.nextCursor })} className="underline">
            Older →
          </Link>
        )}
      </div>
    </div>
  );
}

function FilterLink({ active, to, label, count }: { active: boolean; to: string; label: string; count: number }) {
  return (
    <Link
      href={to}
      aria-current={active ? "page" : undefined}
      className={`rounded-full border px-3 py-1 ${active ? "border-stone-900 bg-stone-900 text-white dark:border-stone-100 dark:bg-stone-100 dark:text-stone-900" : "border-stone-300 dark:border-stone-700"}`}
    >
      {label} <span className="tabular-nums">{count}</span>
    </Link>
  );
}
