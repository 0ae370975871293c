import type { OrderEventType } from "../generated/prisma/enums";
import { needsAttention, type OrderStatus } from "./state-machine";

/**
 * The steps a shopper sees, in plain words, each done by one event. Internal events (queued, each
 * retry) stay internal. Sending is done when the warehouse has the order, which also confirms it.
 */
const steps = [
  { key: "received", label: "Order received", doneBy: "RECEIVED" },
  { key: "sending", label: "Sending to our warehouse", doneBy: "SYNCED" },
  { key: "confirmed", label: "Confirmed", doneBy: "SYNCED" },
  { key: "emailed", label: "Confirmation email sent", doneBy: "EMAIL_SENT" },
] as const satisfies readonly { key: string; label: string; doneBy: OrderEventType }[];

export type StepKey = (typeof steps)[number]["key"];

/** Done; being worked on now; or still ahead (also every step after one that waits for a person). */
export type StepState = "done" | "current" | "ahead";

export interface TimelineStep {
  key: StepKey;
  label: string;
  state: StepState;
  /** When the step was done (ISO time), or null while it is not. */
  at: string | null;
}

export interface ShopperTimeline {
  steps: TimelineStep[];
  /** Something the shopper should know beyond the steps: a delay, a failure. */
  notice: string | null;
  /** Whether a confirmation email has gone to the shopper. */
  emailSent: boolean;
}

const waitsForTeam = "Our warehouse hasn't confirmed your order yet, so it's taking longer than usual. It waits for our team, who get an alert about it; nothing is needed from you.";

export const notices = {
  delayed: "Taking longer than usual — we'll email you as soon as your order is confirmed.",
  // Each sentence happens: the order waits for a person and the team gets an alert (lib/alerts),
  // the shopper was emailed (lib/orders/delay-notice.ts) when the event says so, and a confirmed
  // order is emailed its confirmation (lib/orders/send-confirmation.ts).
  failed: `${waitsForTeam} We'll email your confirmation as soon as it's confirmed.`,
  failedAndTold: `${waitsForTeam} We've emailed you about the delay, and we'll email your confirmation as soon as it's confirmed.`,
  emailFailed: "Your order is confirmed with our warehouse, but we could not send you the confirmation email. This page is your confirmation: keep its address.",
} as const;

export function shopperTimeline(status: OrderStatus, events: readonly { type: OrderEventType; createdAt: Date }[]): ShopperTimeline {
  const firstAt = (type: OrderEventType) => events.find((event) => event.type === type)?.createdAt.toISOString() ?? null;
  const retried = events.some((event) => event.type === "SYNC_FAILED");
  let notice: string | null = null;
  if (status === "FAILED") notice = events.some((event) => event.type === "DELAY_NOTICE_SENT") ? notices.failedAndTold : notices.failed;
  else if (status === "EMAIL_FAILED") notice = notices.emailFailed;
  else if (retried && (status === "SYNC_RETRYING" || status === "SYNCING")) notice = notices.delayed;

  const done = steps.map(({ key, label, doneBy }) => ({ key, label, at: firstAt(doneBy) }));
  // The first step not done is being worked on, unless the order waits for a person (the notice says why).
  const current = needsAttention(status) ? -1 : done.findIndex((step) => !step.at);
  return {
    steps: done.map((step, index) => ({ ...step, state: step.at ? "done" : index === current ? "current" : "ahead" })),
    notice,
    emailSent: firstAt("EMAIL_SENT") !== null,
  };
}
