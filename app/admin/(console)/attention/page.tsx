import type { Metadata } from "next";
import Link from "next/link";
import { attentionGroupOrders, attentionGroups } from "@/lib/admin/attention";
import { requireStaffPage } from "@/lib/staff/session";
import { ReplayForm } from "@/components/admin/replay-form";
import { LocalTime } from "@/components/local-time";
import { config } from "@/lib/config";
import { hasRole } from "@/lib/staff/roles";

export const metadata: Metadata = { title: "Needs attention · Admin" };

const groupHref = (key: string) => `/admin/attention?group=${encodeURIComponent(key)}`;

/** Orders the system cannot finish alone, grouped by why; one group's orders with `?group=`. */
export default async function AttentionPage({ searchParams }: PageProps<"/admin/attention">) {
  await requireStaffPage();
  const { group: key } = await searchParams;
  if (typeof key === "string") return <GroupOrders groupKey={key.slice(0, 2000)} />;

  const groups = await attentionGroups();
  const now = Date.now();
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Needs attention</h1>
      <p className="mb-4 text-stone-600 dark:text-stone-400">Orders the system cannot finish alone, grouped by why, oldest first.</p>
      {groups.length === 0 ? (
        <p data-testid="attention-empty">Nothing waits for a person.</p>
      ) : (
        <ul className="space-y-3" data-testid="attention-groups">
          {groups.map((group) => (
            <li key={group.key} className="rounded-lg border border-stone-200 bg-white p-4 dark:border-stone-800 dark:bg-stone-900">
              <p className="font-semibold">
                {group.label} · {group.count} order{group.count === 1 ? "" : "s"}
              </p>
              <p className="mt-1 break-words text-sm">{group.problem}</p>
              <p className="mt-1 text-sm text-stone-600 dark:text-stone-400">The oldest was placed <LocalTime iso={group.oldestAt} relativeTo={now} />.</p>
              <Link href={groupHref(group.key)} className="mt-2 inline-block font-medium underline">
                See the {group.count === 1 ? "order" : `${group.count} orders`}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

async function GroupOrders({ groupKey }: { groupKey: string }) {
  const { role } = await requireStaffPage();
  const listed = await attentionGroupOrders(groupKey);
  const now = Date.now();
  return (
    <>
      <Link href="/admin/attention" className="text-sm underline">
        All that needs attention
      </Link>
      {!listed ? (
        <p className="mt-4" data-testid="attention-empty">
          No order waits for this reason any more.
        </p>
      ) : (
        <>
          <h1 className="mb-1 mt-2 text-xl font-semibold">
            {listed.group.label} · {listed.group.count} order{listed.group.count === 1 ? "" : "s"}
          </h1>
          <p className="mb-4 break-words text-stone-600 dark:text-stone-400">{listed.group.problem}</p>
          {hasRole(role, "operator") && <ReplayForm group={listed.group.key} label={listed.group.label} staleDays={Math.round(config().REPLAY_STALE_AFTER_MS / 86_400_000)} />}
          <h2 className="mb-2 mt-6 font-semibold">The orders, oldest first</h2>
          <ul className="space-y-2" data-testid="attention-orders">
            {listed.orders.map((order) => (
              <li key={order.id} className="rounded border border-stone-200 bg-white px-3 py-2 dark:border-stone-800 dark:bg-stone-900">
                <Link href={`/admin/orders/${order.id}`} className="font-medium underline">
                  {order.number}
                </Link>{" "}
                · {order.customer} · placed <LocalTime iso={order.placedAt} relativeTo={now} /> · {order.assignee ? `taken by ${order.assignee}` : "nobody has taken it"}
                <p className="break-words text-sm text-stone-600 dark:text-stone-400">{order.lastError}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
