"use client";

import { useQuery } from "@tanstack/react-query";
import type { PublicOrderStatus } from "@/lib/orders/public-status";

const POLL_MS = 1_500;

async function fetchStatus(token: string): Promise<PublicOrderStatus> {
  const response = await fetch(`/api/orders/${token}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`Status request failed (${response.status})`);
  return response.json();
}

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** The order's live status: polls until the order is confirmed or has failed. */
export function OrderStatus({ token, initial }: { token: string; initial: PublicOrderStatus }) {
  const { data } = useQuery({
    queryKey: ["order-status", token],
    queryFn: () => fetchStatus(token),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.settled ? false : POLL_MS),
  });
  const current = [...data.steps].reverse().find((step) => step.at);

  return (
    <section aria-labelledby="order-heading">
      <p className="text-sm uppercase tracking-wide text-stone-500">Order {data.number}</p>
      <h1 id="order-heading" className="mt-1 text-3xl font-semibold tracking-tight" data-testid="order-headline">
        {data.status === "FAILED" ? "We're on it" : data.settled ? "Order confirmed" : "Order received"}
      </h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">
        Thank you! We&apos;ll send a confirmation to <strong>{data.email}</strong>.
      </p>

      <p role="status" aria-live="polite" className="sr-only">
        {current?.label}
      </p>
      <ol className="mt-8 space-y-4" aria-label="Order progress" data-testid="timeline">
        {data.steps.map((step) => (
          <li key={step.key} className="flex items-center gap-3" data-reached={Boolean(step.at)}>
            <span aria-hidden className={`size-3 rounded-full ${step.at ? "bg-emerald-600" : "border-2 border-stone-300 dark:border-stone-600"}`} />
            <span className={step.at ? "font-medium" : "text-stone-500"}>{step.label}</span>
            <span className="text-sm tabular-nums text-stone-500">{step.at ? time(step.at) : ""}</span>
          </li>
        ))}
      </ol>
      <p className="mt-6 min-h-12 rounded-lg text-sm" data-testid="order-notice">
        {data.notice}
      </p>

      <h2 className="mt-6 font-semibold">Items</h2>
      <ul className="mt-2 space-y-1 text-sm">
        {data.items.map((item) => (
          <li key={item.name} className="flex justify-between">
            <span>
              {item.quantity} × {item.name}
            </span>
            <span className="tabular-nums">{item.lineTotal}</span>
          </li>
        ))}
      </ul>
      <p className="mt-3 flex justify-between border-t border-stone-200 pt-3 font-semibold dark:border-stone-700">
        <span>Total</span>
        <span className="tabular-nums">{data.total}</span>
      </p>
    </section>
  );
}
