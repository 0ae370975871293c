"use client";

import { onlineManager, useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import type { PublicOrderStatus } from "@/lib/orders/public-status";
import { needsAttention } from "@/lib/orders/state-machine";
import type { TimelineStep } from "@/lib/orders/timeline";
import { LocalTime } from "./local-time";

const POLL_MS = 1_500;
/** An order waiting for the shop's team (failed, or its email did) may still move: look now and then. */
const ATTENTION_POLL_MS = 15_000;

async function fetchStatus(token: string): Promise<PublicOrderStatus> {
  const response = await fetch(`/api/orders/${token}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`Status request failed (${response.status})`);
  return response.json();
}

const whilePending = "This page updates by itself. You can close it: we'll email you as soon as your order is confirmed.";
const whenConfirmed = "Our warehouse has your order and is getting it ready. Questions? Reply to the confirmation email.";

function headline(data: PublicOrderStatus): string {
  if (data.status === "FAILED") return "Taking longer than usual";
  return data.settled ? "Order confirmed" : "Order received";
}

/** What the page says about the confirmation email: only what has happened or will. */
function emailLine({ emailSent, status, email }: PublicOrderStatus) {
  const address = <strong className="wrap-break-word text-ink">{email}</strong>;
  // A confirmation that bounced was sent, but did not reach them.
  if (status === "EMAIL_FAILED") return <>Thank you! We could not email a confirmation to {address}.</>;
  if (emailSent) return <>Thank you! We&apos;ve sent a confirmation to {address}.</>;
  if (status === "FAILED") return <>Thank you! Your order was placed with {address}.</>;
  return <>Thank you! We&apos;ll send a confirmation to {address}.</>;
}

/** Whether the browser has a network; the server render assumes it has. */
const useOnline = () =>
  useSyncExternalStore(
    (onChange) => onlineManager.subscribe(onChange),
    () => onlineManager.isOnline(),
    () => true,
  );

/** A step's mark: a tick when done, a ring when in progress; the words say it too, for everyone. */
function StepMark({ state }: { state: TimelineStep["state"] }) {
  const look = { done: "bg-emerald-600 text-white", current: "border-2 border-emerald-600", ahead: "border-2 border-stone-300 dark:border-stone-600" }[state];
  return (
    <span aria-hidden className={`mt-0.5 grid size-6 shrink-0 place-items-center rounded-full text-xs font-bold ${look}`}>
      {state === "done" ? "✓" : state === "current" ? <span className="size-2 animate-pulse rounded-full bg-emerald-600" /> : ""}
    </span>
  );
}

/** For screen readers; the step in progress says so on screen. */
const stateWords = { done: ": done", current: "", ahead: ": not yet" } as const;

/** The order's live status: polls until the order is confirmed (one waiting for the team now and then). */
export function OrderStatus({ token, initial }: { token: string; initial: PublicOrderStatus }) {
  const online = useOnline();
  const { data, isRefetchError } = useQuery({
    queryKey: ["order-status", token],
    queryFn: () => fetchStatus(token),
    initialData: initial,
    refetchInterval: ({ state }) => (!state.data?.settled ? POLL_MS : needsAttention(state.data.status) ? ATTENTION_POLL_MS : false),
  });
  const lastDone = data.steps.findLast((step) => step.state === "done");
  const failed = data.status === "FAILED";
  const polling = !data.settled || needsAttention(data.status);
  // Offline, react-query pauses instead of failing: the browser's own word counts as much as an error.
  const unreachable = polling && (!online || isRefetchError);

  return (
    <section aria-labelledby="order-heading">
      <p className="text-sm font-medium uppercase tracking-wide muted">Order {data.number}</p>
      <h1 id="order-heading" className="mt-1 text-3xl font-semibold tracking-tight" data-testid="order-headline">
        {headline(data)}
      </h1>
      <p className="mt-2 muted" data-testid="order-email-line">
        {emailLine(data)}
      </p>

      {/* What a screen reader hears as the order moves on; the page below shows the same. */}
      <p role="status" aria-live="polite" className="sr-only" data-testid="order-announcement">
        {[lastDone && `${lastDone.label}.`, data.notice].filter(Boolean).join(" ")}
      </p>
      <ol className="mt-8" aria-label="Order progress" data-testid="timeline">
        {data.steps.map((step, index) => (
          <li key={step.key} className="relative flex gap-3 pb-6 last:pb-0" data-state={step.state} aria-current={step.state === "current" ? "step" : undefined}>
            {index < data.steps.length - 1 && (
              <span aria-hidden className={`absolute left-[0.6875rem] top-6 h-[calc(100%-1.5rem)] w-0.5 ${data.steps[index + 1]!.state === "done" ? "bg-emerald-600" : "bg-stone-300 dark:bg-stone-700"}`} />
            )}
            <StepMark state={step.state} />
            <span className="flex flex-1 flex-wrap justify-between gap-x-4">
              <span className={step.state === "ahead" ? "muted" : "font-medium"}>
                {step.label}
                <span className="sr-only">{stateWords[step.state]}</span>
              </span>
              {step.state === "current" && <span className="text-sm font-medium text-emerald-800 dark:text-emerald-300">In progress</span>}
              {step.at && <LocalTime iso={step.at} format="time" className="text-sm tabular-nums muted" />}
            </span>
          </li>
        ))}
      </ol>

      {/* Space for the longest notice is kept at every width, so one appearing shifts nothing. */}
      <div className="mt-6 min-h-32 text-sm sm:min-h-20">
        {data.notice ? (
          <p className={`rounded-lg border px-4 py-3 ${failed ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" : "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"}`} data-testid="order-notice">
            {data.notice}
          </p>
        ) : (
          <p className="rounded-lg border border-stone-200 px-4 py-3 muted dark:border-stone-700">{data.settled ? whenConfirmed : whilePending}</p>
        )}
        <p role="status" className="mt-2 muted">
          {unreachable && "We can't reach the shop right now; this page keeps trying."}
        </p>
      </div>

      {data.emails.length > 0 && (
        <>
          <h2 className="mt-4 font-semibold">Emails we sent you</h2>
          <ul className="mt-2 space-y-1 text-sm" data-testid="order-emails">
            {data.emails.map((email) => (
              <li key={`${email.sentAt} ${email.subject}`} className="flex flex-wrap justify-between gap-x-4">
                <span>
                  {email.subject} · <LocalTime iso={email.sentAt} format="time" className="tabular-nums" />
                </span>
                <span className="muted">{email.delivery}</span>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 className="mt-4 font-semibold">Items</h2>
      <ul className="mt-2 space-y-1 text-sm">
        {data.items.map((item) => (
          <li key={item.name} className="flex justify-between gap-4">
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
