import Link from "next/link";
import type { CartLineView } from "@/lib/cart/store";
import { formatMoney, formatOrderNumber } from "@/lib/orders/format";

/** The cart the shopper's cookie names was placed as this order (reloaded while placing, a second tab). */
export function OrderedNotice({ order }: { order: { number: number; publicToken: string } }) {
  const label = formatOrderNumber(order.number);
  return (
    <p role="status" className="mt-6 rounded-lg border border-emerald-300 bg-emerald-50 px-4 py-3 dark:border-emerald-800 dark:bg-emerald-950">
      This cart was already ordered as {label}.{" "}
      <Link href={`/orders/${order.publicToken}`} className="font-medium underline">
        View order {label}
      </Link>
    </p>
  );
}

/** What changed since the shopper added a line: withdrawn (not ordered) or repriced (ordered at today's price). */
export function CartNotices({ lines }: { lines: readonly CartLineView[] }) {
  const notices = lines.flatMap((line) =>
    !line.available
      ? [`${line.name} is no longer available, so it is not part of your order.`]
      : line.pricedBefore !== null
        ? [`${line.name} now costs ${formatMoney(line.unitPriceCents, line.currency)} (${formatMoney(line.pricedBefore, line.currency)} when you added it).`]
        : [],
  );
  if (notices.length === 0) return null;
  return (
    <ul aria-label="Changes since you added these items" className="mt-6 space-y-1 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      {notices.map((notice) => (
        <li key={notice}>{notice}</li>
      ))}
    </ul>
  );
}
