"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { setErpSimulatorAction } from "@/app/admin/overview-actions";
import type { ErpSimulatorView } from "@/lib/admin/overview";

/** QA's levers on the bundled ERP simulator: watch orders back up, retry and recover. */
export function ErpSimulatorPanel({ simulator }: { simulator: ErpSimulatorView }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const { settings, stats } = simulator;

  return (
    <form
      aria-label="ERP simulator"
      className="flex flex-wrap items-end gap-4"
      action={(form) =>
        startTransition(async () => {
          const result = await setErpSimulatorAction({
            latencyMs: Number(form.get("latencyMs")),
            failureRate: Number(form.get("failureRate")),
            outage: form.get("outage") === "on",
          });
          setMessage(result.message);
          await queryClient.invalidateQueries({ queryKey: ["admin-overview"] });
        })
      }
    >
      <label className="block">
        <span className="block text-xs text-stone-500">Latency (ms)</span>
        <input name="latencyMs" type="number" min={0} max={600000} step={100} defaultValue={settings.latencyMs} className="w-28 rounded border border-stone-300 px-2 py-1 dark:border-stone-700 dark:bg-stone-900" />
      </label>
      <label className="block">
        <span className="block text-xs text-stone-500">Failure rate (0–1)</span>
        <input name="failureRate" type="number" min={0} max={1} step={0.05} defaultValue={settings.failureRate} className="w-24 rounded border border-stone-300 px-2 py-1 dark:border-stone-700 dark:bg-stone-900" />
      </label>
      <label className="flex items-center gap-2 pb-1">
        <input name="outage" type="checkbox" defaultChecked={settings.outage} /> Outage
      </label>
      <button type="submit" disabled={pending} className="rounded border border-stone-300 px-3 py-1.5 font-medium disabled:opacity-60 dark:border-stone-700">
        Apply
      </button>
      <p role="status" aria-live="polite" className="min-h-5 text-xs text-stone-600 dark:text-stone-400">
        {message}
      </p>
      <p className="w-full text-xs text-stone-500">
        Now: {settings.latencyMs} ms, {Math.round(settings.failureRate * 100)}% failures, {settings.outage ? "down" : "up"} · records {stats.records ?? 0}, duplicates refused {stats.duplicatesRefused ?? 0}, requests {stats.requests ?? 0}
      </p>
    </form>
  );
}
