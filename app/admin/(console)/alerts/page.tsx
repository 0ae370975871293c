import type { Metadata } from "next";
import { TableHead } from "@/components/admin/table-head";
import { describeCondition, type ConditionKey } from "@/lib/alerts/conditions";
import { listAlerts, type AlertRow } from "@/lib/alerts/store";
import { requireStaffPage } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Alerts · Admin" };

/** A fixed UTC rendering, the same on the server and in any browser. */
const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

function Time({ at }: { at: Date | null }) {
  return at ? <time dateTime={at.toISOString()}>{utc(at)}</time> : <span className="text-stone-500">—</span>;
}

function notices(alert: AlertRow): string {
  if (!alert.notifiedAt) return alert.clearedAt ? "none (cleared before the first notice)" : "first notice pending";
  const counted = (n: number, word: string) => (n ? `, ${n} ${word}${n === 1 ? "" : "s"}` : "");
  return `alert${counted(alert.updates, "update")}${counted(alert.reminders, "reminder")}${alert.recoveredNoticeAt ? ", recovery" : ""}`;
}

/** The alert history: every condition that started, newest first, with what the merchant was sent. */
export default async function AdminAlertsPage() {
  await requireStaffPage();
  const alerts = await listAlerts();
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Alerts</h1>
      <p className="mb-4 max-w-3xl text-sm text-stone-600 dark:text-stone-400">
        A condition is notified once when it starts, updated when more orders join it, reminded while it lasts and notified again when it clears, by email and webhook where those are set
        up (ALERT_EMAIL, ALERT_WEBHOOK_URL). Newest first; the latest 200.
      </p>
      {alerts.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white p-4 dark:border-stone-800 dark:bg-stone-900">No alert has been raised.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white dark:border-stone-800 dark:bg-stone-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Alerts, newest first</caption>
            <TableHead headings={["Condition", "Opened", "Cleared", "Count", "Notices", "Detail"]} className="border-b border-stone-200 dark:border-stone-800" />
            <tbody>
              {alerts.map((alert) => (
                <tr key={alert.id} className="border-b border-stone-100 last:border-0 dark:border-stone-800" data-testid="alert-row">
                  <td className="px-3 py-2 font-medium">
                    {alert.clearedAt ? null : <span className="mr-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900 dark:bg-red-950 dark:text-red-200">open</span>}
                    {describeCondition(alert.condition as ConditionKey, alert.count).title}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Time at={alert.openedAt} />
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <Time at={alert.clearedAt} />
                  </td>
                  <td className="px-3 py-2 tabular-nums">{alert.count}</td>
                  <td className="px-3 py-2">{notices(alert)}</td>
                  <td className="px-3 py-2 text-stone-700 dark:text-stone-300">{alert.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
