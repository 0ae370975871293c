import type { OrderEventType } from "../generated/prisma/enums";
import type { OrderStatus } from "./state-machine";

/** The steps a shopper sees, in plain words. Internal events (queued, each retry) stay internal. */
const steps = [
  { key: "received", label: "Order received", reachedBy: "RECEIVED" },
  { key: "sending", label: "Sending to our warehouse", reachedBy: "SYNC_STARTED" },
  { key: "confirmed", label: "Confirmed", reachedBy: "SYNCED" },
  { key: "emailed", label: "Confirmation email sent", reachedBy: "EMAIL_SENT" },
] as const satisfies readonly { key: string; label: string; reachedBy: OrderEventType }[];

export type StepKey = (typeof steps)[number]["key"];

export interface TimelineStep {
  key: StepKey;
  label: string;
  /** When the step was reached (ISO time), or null while it is still ahead. */
  at: string | null;
}

export interface ShopperTimeline {
  steps: TimelineStep[];
  /** Something the shopper should know beyond the steps: a delay, a failure. */
  notice: string | null;
}

export const notices = {
  delayed: "Taking longer than usual — we'll email you as soon as your order is confirmed.",
  failed:
    "We couldn't confirm your order with our warehouse. Nothing more is needed from you: our team has been alerted and will email you within one business day.",
  emailFailed: "Your order is confirmed with our warehouse, but we could not send you the confirmation email. This page is your confirmation: keep its address.",
} as const;

export function shopperTimeline(status: OrderStatus, events: readonly { type: OrderEventType; createdAt: Date }[]): ShopperTimeline {
  const firstAt = (type: OrderEventType) => events.find((event) => event.type === type)?.createdAt.toISOString() ?? null;
  const retried = events.some((event) => event.type === "SYNC_FAILED");
  let notice: string | null = null;
  if (status === "FAILED") notice = notices.failed;
  else if (status === "EMAIL_FAILED") notice = notices.emailFailed;
  else if (retried && (status === "SYNC_RETRYING" || status === "SYNCING")) notice = notices.delayed;
  return { steps: steps.map(({ key, label, reachedBy }) => ({ key, label, at: firstAt(reachedBy) })), notice };
}
