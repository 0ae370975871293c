"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { resendConfirmationAction, retrySyncAction } from "@/app/admin/actions";
import type { OrderDetail as Detail } from "@/lib/admin/orders";
import { deliveryLabels, emailKindLabels, formatMoney } from "@/lib/orders/format";
import { AttentionPanel } from "./attention-panel";
import { CorrectionForm } from "./correction-form";
import { useCan } from "./staff-role";
import { ActionButton } from "./order-actions";
import { Section } from "./section";
import { SkuMappingForm } from "./sku-mapping-form";
import { TableHead } from "./table-head";
import { LocalTime } from "../local-time";
import { StatusBadge } from "./status-badge";
import { duration } from "./time";

export function OrderDetail({ initial }: { initial: Detail }) {
  const canOperate = useCan("operator");
  const { data: order } = useQuery<Detail>({
    queryKey: ["admin-order", initial.id],
    queryFn: async () => {
      const response = await fetch(`/api/admin/orders/${initial.id}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`Order request failed (${response.status})`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: 2_000,
  });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Order {order.number}</h1>
        <span aria-live="polite" data-testid="order-status">
          <StatusBadge status={order.status} />
        </span>
        {canOperate && <div className="ml-auto flex gap-3">
          <ActionButton
            label="Retry sync"
            unavailable={order.can.retrySync ? undefined : "Only a failed order can be retried"}
            confirmation={`Send ${order.number} to the ERP again?`}
            run={() => retrySyncAction(order.id)}
          />
          <ActionButton
            label="Resend confirmation email"
            unavailable={order.can.resendEmail ? undefined : "The order is not in the ERP yet"}
            confirmation={`Email ${order.customer.email} the confirmation of ${order.number} again?`}
            run={() => resendConfirmationAction(order.id)}
          />
        </div>}
      </div>

      {order.attention && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" data-testid="order-attention">
          <strong>Waiting for a person: {order.attention}.</strong> {order.lastError}
        </p>
      )}

      <dl data-testid="order-facts" className="grid grid-cols-2 gap-4 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-4 dark:border-stone-800 dark:bg-stone-900">
        <Fact term="Customer" detail={`${order.customer.name} · ${order.customer.email}`} />
        <Fact term="Ship to" detail={order.shippingAddress.join(", ")} />
        <Fact term="ERP reference" detail={order.erpReference ?? "—"} />
        <Fact term="Sync attempts" detail={String(order.syncAttempts)} />
        <Fact term="Placed" detail={<LocalTime iso={order.placedAt} />} />
        <Fact term="Synced" detail={order.syncedAt ? <LocalTime iso={order.syncedAt} /> : "—"} />
        <Fact term="Emailed" detail={order.emailedAt ? <LocalTime iso={order.emailedAt} /> : "—"} />
        <Fact term="Last error" detail={order.lastError ?? "—"} />
      </dl>

      <Section id="items-heading" title="Items">
        <table className="w-full max-w-xl">
          <tbody>
            {order.items.map((item) => (
              <tr key={item.productId}>
                <td className="py-1">
                  {item.quantity} × {item.productName}
                </td>
                <td className="py-1 text-right tabular-nums">{formatMoney(item.unitPriceCents * item.quantity, order.currency)}</td>
              </tr>
            ))}
            <tr className="border-t border-stone-200 font-semibold dark:border-stone-800">
              <td className="py-1">Total</td>
              <td className="py-1 text-right tabular-nums">{formatMoney(order.totalCents, order.currency)}</td>
            </tr>
          </tbody>
        </table>
      </Section>

      <Section id="timeline-heading" title="Timeline">
        {/* On a phone the table scrolls inside its card; the page itself never scrolls sideways. */}
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white dark:border-stone-800 dark:bg-stone-900">
          <table className="w-full text-left" data-testid="admin-timeline">
            <TableHead headings={["Time", "Event", "Details", "Took", "By"]} />
            <tbody>
              {order.events.map((event) => (
                <tr key={event.id} className="border-t border-stone-100 dark:border-stone-800">
                  <td className="whitespace-nowrap px-3 py-1.5 tabular-nums">
                    <LocalTime iso={event.at} format="time" />
                  </td>
                  <td className="px-3 py-1.5 font-mono text-xs">{event.type}</td>
                  <td className="px-3 py-1.5">{event.message}</td>
                  <td className="px-3 py-1.5 tabular-nums">{event.durationMs === null ? "" : duration(event.durationMs)}</td>
                  <td className="px-3 py-1.5">{event.actor ?? "system"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      {order.can.resolve && canOperate && (
        <Section id="attention-heading" title="Waiting for a person">
          <AttentionPanel order={order} />
        </Section>
      )}

      {order.can.correct && canOperate && (
        <Section id="correction-heading" title="Correct the shopper's details">
          <p className="mb-3 text-sm text-stone-600 dark:text-stone-400">The ERP refused this order and recorded nothing, so a corrected order may follow. Save, then Retry sync.</p>
          <CorrectionForm order={order} />
        </Section>
      )}

      {order.can.correct && (
        <Section id="sku-mapping-heading" title="Map a product to the ERP's SKU">
          <p className="mb-3 text-sm text-stone-600 dark:text-stone-400">
            If the ERP does not know a product&apos;s SKU, give the SKU it knows the product by. Every order sends it from then on; the orders it refused, once retried or
            replayed.
          </p>
          <SkuMappingForm order={order} />
        </Section>
      )}

      <Section id="erp-request-heading" title="What the next ERP attempt sends">
        {/* Focusable, so a keyboard can scroll it. */}
        <pre
          tabIndex={0}
          aria-labelledby="erp-request-heading"
          className="max-h-80 overflow-auto rounded-lg border border-stone-200 bg-white p-3 text-xs dark:border-stone-800 dark:bg-stone-900"
          data-testid="next-erp-request"
        >
          {JSON.stringify(JSON.parse(order.nextErpRequest), null, 2)}
        </pre>
      </Section>

      <Section id="emails-heading" title="Emails sent">
        {order.emails.length === 0 ? (
          <p className="text-stone-600 dark:text-stone-400" data-testid="emails-sent">
            No email has been sent for this order.
          </p>
        ) : (
          <ul className="space-y-1" data-testid="emails-sent">
            {order.emails.map((email) => (
              <li key={email.providerId}>
                <LocalTime iso={email.sentAt} /> · {emailKindLabels[email.kind]} to {email.recipient}: “{email.subject}” ·{" "}
                <span className="text-stone-500">
                  {email.via === "resend" ? "accepted by Resend" : "written to the dev outbox"} ({email.providerId})
                </span>{" "}
                · <DeliveryStatus email={email} />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="jobs-heading" title="Queue jobs">
        {order.jobs === null ? (
          <p className="text-amber-800 dark:text-amber-300">Redis is unreachable: job state unknown.</p>
        ) : (
          <ul className="space-y-1">
            {order.jobs.map((job, index) => (
              <li key={index}>
                {job ? (
                  <>
                    <span className="font-mono text-xs">{job.queue}</span> — {job.state}, attempt {job.attemptsMade} of {job.attempts}
                    {job.nextAttemptAt && (
                      <>
                        , next try <LocalTime iso={job.nextAttemptAt} format="time" />
                      </>
                    )}
                    {job.failedReason && <span className="text-red-800 dark:text-red-300"> — {job.failedReason}</span>}
                  </>
                ) : (
                  <span className="text-stone-500">{index === 0 ? "erp-sync" : "order-email"}: no job in Redis (finished and cleaned up, or not queued yet)</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

/** The latest report the mail API sent about the email: the same words, and time, as its last delivery event on the timeline. */
function DeliveryStatus({ email }: { email: Detail["emails"][number] }) {
  if (!email.delivery || !email.deliveryAt) return <span data-testid="email-delivery">{email.via === "resend" ? "no delivery report yet" : "no delivery reports from the outbox"}</span>;
  return (
    <span data-testid="email-delivery" className={email.delivery === "BOUNCED" || email.delivery === "COMPLAINED" ? "text-red-800 dark:text-red-300" : undefined}>
      {deliveryLabels[email.delivery]}
      {email.deliveryDetail && ` (${email.deliveryDetail})`} at <LocalTime iso={email.deliveryAt} format="time" />
    </span>
  );
}

function Fact({ term, detail }: { term: string; detail: ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-stone-500">{term}</dt>
      <dd className="mt-0.5 break-words">{detail}</dd>
    </div>
  );
}
