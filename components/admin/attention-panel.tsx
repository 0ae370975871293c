"use client";

import type { FormEvent } from "react";
import { noteOrderAction, resolveByHandAction, takeOrderAction } from "@/app/admin/actions";
import type { OrderDetail } from "@/lib/admin/orders";
import type { ActionResult } from "@/lib/orders/merchant-actions";
import { buttonClass, fieldClass, useFormAction } from "./form-action";

/** For an order waiting for a person: take it, leave a note, or resolve it by hand without a retry. */
export function AttentionPanel({ order }: { order: OrderDetail }) {
  const take = useFormAction();
  const note = useFormAction();
  const resolve = useFormAction();
  const failed = order.status === "FAILED";
  const submit = (action: ReturnType<typeof useFormAction>, send: (form: FormData) => Promise<ActionResult>) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    action.run(() => send(new FormData(form)), () => form.reset());
  };

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div>
        <p className="text-sm" data-testid="assignee">
          {order.assignee ? `Taken by ${order.assignee}` : "Nobody has taken it yet."}
        </p>
        <button type="button" disabled={take.pending} className={`${buttonClass} mt-2`} onClick={() => take.run(() => takeOrderAction(order.id))}>
          Take it
        </button>
        {take.status}
      </div>

      <form aria-label="Add a note" onSubmit={submit(note, (form) => noteOrderAction(order.id, String(form.get("note") ?? "")))} noValidate>
        <label htmlFor="order-note" className="block text-sm font-medium">
          Note
        </label>
        <textarea id="order-note" name="note" rows={2} maxLength={1000} className={fieldClass} />
        <button type="submit" disabled={note.pending} className={`${buttonClass} mt-2`}>
          Add note
        </button>
        {note.status}
      </form>

      <form aria-label="Resolve by hand" onSubmit={submit(resolve, (form) => resolveByHandAction(order.id, form))} noValidate>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          {failed ? "Entered it in the ERP yourself? Give its reference: the shopper then gets the confirmation." : "Told the shopper another way? Say how; no email is sent."}
        </p>
        {failed && (
          <>
            <label htmlFor="resolve-reference" className="mt-2 block text-sm font-medium">
              ERP reference
            </label>
            <input id="resolve-reference" name="erpReference" maxLength={100} className={fieldClass} />
          </>
        )}
        <label htmlFor="resolve-note" className="mt-2 block text-sm font-medium">
          What was done
        </label>
        <input id="resolve-note" name="note" maxLength={1000} className={fieldClass} />
        <button type="submit" disabled={resolve.pending} className={`${buttonClass} mt-2`}>
          Resolve by hand
        </button>
        {resolve.status}
      </form>
    </div>
  );
}
