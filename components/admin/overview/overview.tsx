"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { retryAllFailedAction } from "@/app/admin/actions";
import { setQueuePausedAction } from "@/app/admin/overview-actions";
import type { Overview as OverviewData } from "@/lib/admin/overview";
import type { ServiceState } from "@/lib/admin/service-status";
import { ActionButton } from "../order-actions";
import { Section } from "../section";
import { StatusBadge } from "../status-badge";
import { LocalTime } from "../../local-time";
import { duration } from "../time";
import { ErpSimulatorPanel } from "./erp-simulator-panel";
import { useCan } from "../staff-role";
import { SyncChart } from "./sync-chart";

const stateStyle: Record<ServiceState, { label: string; className: string }> = {
  ok: { label: "OK", className: "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950" },
  warn: { label: "Check", className: "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950" },
  down: { label: "Down", className: "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950" },
};

export function Overview({ initial }: { initial: OverviewData }) {
  const canOperate = useCan("operator");
  const isOwner = useCan("owner");
  const { data, dataUpdatedAt } = useQuery<OverviewData>({
    queryKey: ["admin-overview"],
    queryFn: async () => {
      const response = await fetch("/api/admin/overview", { cache: "no-store" });
      if (!response.ok) throw new Error(`Overview request failed (${response.status})`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: 3_000,
  });
  const { sla } = data;

  return (
    <div className="space-y-6">
      {(sla.late > 0 || sla.failed > 0) && (
        <section aria-labelledby="sla-heading" className="rounded-lg border border-red-300 bg-red-50 p-4 dark:border-red-800 dark:bg-red-950" data-testid="sla-alert">
          <div className="flex flex-wrap items-start gap-4">
            <div>
              <h2 id="sla-heading" className="font-semibold">
                {sla.late} order{sla.late === 1 ? "" : "s"} not synced {sla.minutes} minutes after checkout · {sla.failed} failed
              </h2>
              <ul className="mt-2 space-y-1">
                {sla.orders.map((order) => (
                  <li key={order.id} className="flex items-center gap-2">
                    <Link href={`/admin/orders/${order.id}`} className="font-medium underline">
                      {order.number}
                    </Link>
                    <StatusBadge status={order.status} />
                    <span className="text-stone-600 dark:text-stone-400">placed <LocalTime iso={order.placedAt} relativeTo={dataUpdatedAt} /></span>
                  </li>
                ))}
              </ul>
              {sla.failed > 0 && (
                <Link href="/admin/orders?status=FAILED" className="mt-2 inline-block font-medium underline">
                  All {sla.failed} failed order{sla.failed === 1 ? "" : "s"}
                </Link>
              )}
            </div>
            {sla.failed > 0 && canOperate && (
              <div className="ml-auto">
                <ActionButton label="Retry all failed" confirmation={`Send all ${sla.failed} failed orders to the ERP again?`} run={() => retryAllFailedAction()} />
              </div>
            )}
          </div>
        </section>
      )}

      <section aria-label="Services">
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-live="polite">
          {data.services.map((service) => (
            <li key={service.name} className={`rounded-lg border p-3 ${stateStyle[service.state].className}`} data-testid={`service-${service.name.toLowerCase()}`}>
              <p className="font-semibold">
                {service.name}: {stateStyle[service.state].label}
              </p>
              <p className="mt-1 text-xs">{service.summary}</p>
            </li>
          ))}
        </ul>
      </section>

      <Section id="queues-heading" title="Queues">
        {data.queues === null ? (
          <p className="text-red-800 dark:text-red-300">Redis is unreachable: queue figures unknown.</p>
        ) : (
          <div className="grid gap-4 lg:grid-cols-2">
            {data.queues.map((queue) => (
              <div key={queue.name} className="rounded-lg border border-stone-200 bg-white p-4 dark:border-stone-800 dark:bg-stone-900" data-testid={`queue-${queue.name}`}>
                <div className="flex items-center gap-2">
                  <h3 className="font-mono font-semibold">{queue.name}</h3>
                  {queue.isPaused && <span className="rounded-full bg-amber-100 px-2 text-xs font-medium text-amber-900">Paused</span>}
                  {canOperate && (
                    <div className="ml-auto">
                      <ActionButton
                        label={queue.isPaused ? "Resume" : "Pause"}
                        confirmation={queue.isPaused ? `Resume ${queue.name}?` : `Pause ${queue.name}? Workers finish their current jobs and take no new ones.`}
                        run={() => setQueuePausedAction(queue.name, !queue.isPaused)}
                      />
                    </div>
                  )}
                </div>
                <dl className="mt-2 grid grid-cols-3 gap-2 sm:grid-cols-6">
                  {Object.entries(queue.counts).map(([state, count]) => (
                    <div key={state}>
                      <dt className="text-xs capitalize text-stone-500">{state}</dt>
                      <dd className="text-lg tabular-nums">{count}</dd>
                    </div>
                  ))}
                  <div>
                    <dt className="text-xs text-stone-500">Workers</dt>
                    <dd className="text-lg tabular-nums">{queue.workers}</dd>
                  </div>
                </dl>
                <p className="mt-2 text-xs text-stone-600 dark:text-stone-400">
                  Last hour: {queue.completedLastHour} completed, {queue.failedLastHour} failed attempts · oldest waiting job:{" "}
                  {queue.oldestWaitingMs === null ? "none" : duration(queue.oldestWaitingMs)}
                </p>
              </div>
            ))}
          </div>
        )}
      </Section>

      <Section id="history-heading" title="ERP sync, last hour" className="rounded-lg border border-stone-200 bg-white p-4 dark:border-stone-800 dark:bg-stone-900">
        <SyncChart history={data.history} />
      </Section>

      {data.erpSimulator && isOwner && (
        <Section id="simulator-heading" title="ERP simulator (development and QA)" className="rounded-lg border border-dashed border-stone-300 p-4 dark:border-stone-700">
          <ErpSimulatorPanel simulator={data.erpSimulator} />
        </Section>
      )}
    </div>
  );
}
