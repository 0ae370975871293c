"use client";

import { useSyncExternalStore } from "react";

const formats = {
  /** 14:03:12 */
  time: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
  /** 14:03 */
  minute: { hour: "2-digit", minute: "2-digit" },
  /** 2 Dec 2026, 14:03:12 */
  "date-time": { dateStyle: "medium", timeStyle: "medium" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "3 minutes ago", from an ISO time. */
export function timeAgo(iso: string, now: number): string {
  const elapsed = new Date(iso).getTime() - now;
  const [unit, ms] = units.find(([, ms]) => Math.abs(elapsed) >= ms) ?? units.at(-1)!;
  return relative.format(Math.round(elapsed / ms), unit);
}

const subscribeToNothing = () => () => {};

/**
 * A time in the viewer's own zone. The server does not know that zone, so it renders UTC (and says
 * so); React hydrates with that same text, then renders again in the browser's zone. Formatting in
 * the browser during hydration instead would differ from the server's HTML: a hydration error.
 * With `relativeTo` (a time in ms) it reads "3 minutes ago", with the full time as its tooltip.
 */
export function LocalTime({ iso, format = "date-time", relativeTo, className }: { iso: string; format?: keyof typeof formats; relativeTo?: number; className?: string }) {
  const inBrowser = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  const absolute = new Date(iso).toLocaleString("en-GB", { ...formats[format], timeZone: inBrowser ? undefined : "UTC" }) + (inBrowser ? "" : " UTC");
  const shown = relativeTo !== undefined && inBrowser ? timeAgo(iso, relativeTo) : absolute;
  return (
    <time dateTime={iso} title={shown === absolute ? undefined : absolute} className={className}>
      {shown}
    </time>
  );
}
