import type { MinuteOfSync } from "@/lib/admin/queue-health";
import { duration } from "../time";

const WIDTH = 600;
const HEIGHT = 120;

/** Orders synced per minute (bars) and average time to sync (line), last 60 minutes. Plain SVG. */
export function SyncChart({ history }: { history: MinuteOfSync[] }) {
  const maxSynced = Math.max(1, ...history.map((minute) => minute.synced));
  const maxLag = Math.max(1, ...history.map((minute) => minute.avgTimeToSyncMs ?? 0));
  const step = WIDTH / Math.max(1, history.length);
  const lag = history
    .map((minute, index) => (minute.avgTimeToSyncMs === null ? null : `${index * step + step / 2},${HEIGHT - (minute.avgTimeToSyncMs / maxLag) * (HEIGHT - 10)}`))
    .filter(Boolean)
    .join(" ");
  const total = history.reduce((sum, minute) => sum + minute.synced, 0);
  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-32 w-full" role="img" aria-labelledby="sync-chart-title">
        <title id="sync-chart-title">{`${total} orders synced in the last hour; slowest minute averaged ${duration(maxLag)} to sync`}</title>
        {history.map((minute, index) => {
          const height = (minute.synced / maxSynced) * (HEIGHT - 10);
          return <rect key={minute.minute} x={index * step + 1} y={HEIGHT - height} width={Math.max(1, step - 2)} height={height} className="fill-teal-500/70" />;
        })}
        {lag && <polyline points={lag} fill="none" strokeWidth={2} className="stroke-amber-600" />}
      </svg>
      <figcaption className="mt-1 flex gap-4 text-xs text-stone-500">
        <span>
          <span aria-hidden className="mr-1 inline-block size-2 bg-teal-500/70" />
          Orders synced per minute (peak {maxSynced})
        </span>
        <span>
          <span aria-hidden className="mr-1 inline-block h-0.5 w-3 bg-amber-600 align-middle" />
          Average time to sync (peak {duration(maxLag)})
        </span>
      </figcaption>
    </figure>
  );
}
