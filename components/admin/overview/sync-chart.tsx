import type { MinuteOfSync } from "@/lib/admin/queue-health";
import { LocalTime } from "../../local-time";
import { duration } from "../time";

const WIDTH = 600;
const HEIGHT = 120;
/** Minutes between two labels of the time axis: five labels over the hour, readable at 375 px. */
const LABEL_EVERY = 15;

/**
 * Orders synced per minute (bars) and average time to sync (line), last 60 minutes. Plain SVG
 * stretched to its card (the bars and line scale; the line's stroke does not), with the time axis
 * and the figures as HTML, so text keeps its size at any width and times are in the viewer's zone.
 */
export function SyncChart({ history }: { history: MinuteOfSync[] }) {
  const maxSynced = Math.max(1, ...history.map((minute) => minute.synced));
  const maxLag = Math.round(Math.max(1, ...history.map((minute) => minute.avgTimeToSyncMs ?? 0)));
  const step = WIDTH / Math.max(1, history.length);
  const lag = history
    .map((minute, index) => (minute.avgTimeToSyncMs === null ? null : `${index * step + step / 2},${HEIGHT - (minute.avgTimeToSyncMs / maxLag) * (HEIGHT - 10)}`))
    .filter(Boolean)
    .join(" ");
  const total = history.reduce((sum, minute) => sum + minute.synced, 0);
  const labelled = history.map((minute, index) => ({ minute, index })).filter(({ index }) => index % LABEL_EVERY === 0 || index === history.length - 1);
  const busy = history.filter((minute) => minute.synced > 0);
  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" width="100%" className="block h-32" role="img" aria-labelledby="sync-chart-title" data-testid="sync-chart">
        <title id="sync-chart-title">{`${total} orders synced in the last hour; slowest minute averaged ${duration(maxLag)} to sync`}</title>
        {history.map((minute, index) => {
          const height = (minute.synced / maxSynced) * (HEIGHT - 10);
          return <rect key={minute.minute} x={index * step + 1} y={HEIGHT - height} width={Math.max(1, step - 2)} height={height} className="fill-teal-500/70" />;
        })}
        {lag && <polyline points={lag} fill="none" strokeWidth={2} vectorEffect="non-scaling-stroke" className="stroke-amber-600" />}
      </svg>
      {/* The time axis: each label under the middle of its minute's bar; the first and last kept inside the card. */}
      <div aria-hidden className="relative h-5 border-t border-stone-300 text-xs tabular-nums text-stone-600 dark:border-stone-700 dark:text-stone-400" data-testid="sync-chart-axis">
        {labelled.map(({ minute, index }) => {
          const at = ((index + 0.5) / history.length) * 100;
          const align = index === 0 ? "translate-x-0" : index === history.length - 1 ? "-translate-x-full" : "-translate-x-1/2";
          return (
            <span key={minute.minute} className={`absolute top-0.5 whitespace-nowrap ${align}`} style={{ left: index === 0 ? 0 : index === history.length - 1 ? "100%" : `${at}%` }}>
              <LocalTime iso={minute.minute} format="minute" />
            </span>
          );
        })}
      </div>
      <figcaption className="mt-1 flex flex-wrap gap-x-4 text-xs text-stone-600 dark:text-stone-400">
        <span>
          <span aria-hidden className="mr-1 inline-block size-2 bg-teal-500/70" />
          Orders synced per minute (peak {maxSynced})
        </span>
        <span>
          <span aria-hidden className="mr-1 inline-block h-0.5 w-3 bg-amber-600 align-middle" />
          Average time to sync (peak {duration(maxLag)})
        </span>
      </figcaption>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-stone-600 dark:text-stone-400">The figures as a table</summary>
        {busy.length === 0 ? (
          <p className="mt-1">No order was synced in the last hour.</p>
        ) : (
          <table className="mt-1 text-left tabular-nums" data-testid="sync-chart-table">
            <caption className="sr-only">Orders synced per minute in the last hour, minutes with none left out</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-4 font-medium">
                  Minute
                </th>
                <th scope="col" className="pr-4 font-medium">
                  Orders synced
                </th>
                <th scope="col" className="font-medium">
                  Average time to sync
                </th>
              </tr>
            </thead>
            <tbody>
              {busy.map((minute) => (
                <tr key={minute.minute}>
                  <td className="pr-4">
                    <LocalTime iso={minute.minute} format="minute" />
                  </td>
                  <td className="pr-4">{minute.synced}</td>
                  <td>{minute.avgTimeToSyncMs === null ? "—" : duration(Math.round(minute.avgTimeToSyncMs))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </figure>
  );
}
