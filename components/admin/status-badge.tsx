import type { OrderStatus } from "@/lib/orders/state-machine";

const styles: Record<OrderStatus, { label: string; className: string }> = {
  RECEIVED: { label: "Received", className: "bg-stone-200 text-stone-800 dark:bg-stone-700 dark:text-stone-100" },
  SYNCING: { label: "Syncing", className: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100" },
  SYNC_RETRYING: { label: "Retrying", className: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100" },
  SYNCED: { label: "Synced", className: "bg-teal-100 text-teal-900 dark:bg-teal-900 dark:text-teal-100" },
  CONFIRMED: { label: "Confirmed", className: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" },
  EMAIL_FAILED: { label: "Email failed", className: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100" },
  FAILED: { label: "Failed", className: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100" },
};

export const statusLabel = (status: OrderStatus) => styles[status].label;

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { label, className } = styles[status];
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${className}`}>{label}</span>;
}
