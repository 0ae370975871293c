"use client";

import { useState, useTransition } from "react";
import { replayDryRunAction, startReplayAction } from "@/app/admin/actions";
import { buttonClass, fieldClass } from "./form-action";

/** A datetime-local value, in the merchant's zone, as an ISO instant. */
const instant = (value: FormDataEntryValue | null) => (typeof value === "string" && value ? new Date(value).toISOString() : undefined);

/** Replays a Needs attention group as one named operation: a dry-run count first, then the replay. */
export function ReplayForm({ group, label, staleDays }: { group: string; label: string; staleDays: number }) {
  const [count, setCount] = useState<{ count: number; stale: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const filterOf = (form: HTMLFormElement) => {
    const data = new FormData(form);
    return { group, placedFrom: instant(data.get("placedFrom")), placedTo: instant(data.get("placedTo")) };
  };

  return (
    <form
      aria-label="Replay this group"
      noValidate
      className="max-w-2xl space-y-3 rounded-lg border border-stone-200 bg-white p-4 dark:border-stone-800 dark:bg-stone-900"
      // Any change to the window asks for a fresh count before a replay.
      onChange={() => setCount(null)}
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        startTransition(async () => {
          if (submitter?.value !== "replay") {
            const answer = await replayDryRunAction(filterOf(form));
            setMessage(answer.ok ? null : answer.message);
            setCount(answer.ok ? { count: answer.count, stale: answer.stale } : null);
            return;
          }
          const data = new FormData(form);
          const answer = await startReplayAction(filterOf(form), data.get("name"), data.get("confirmStale") === "on");
          setMessage(answer.message);
        });
      }}
    >
      <h2 className="font-semibold">Replay this group</h2>
      <div>
        <label htmlFor="replay-name" className="block text-sm font-medium">
          Name of the replay
        </label>
        <input id="replay-name" name="name" maxLength={100} defaultValue={`${label}, replayed`} className={fieldClass} />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="replay-from" className="block text-sm font-medium">
            Placed from (optional)
          </label>
          <input id="replay-from" name="placedFrom" type="datetime-local" className={fieldClass} />
        </div>
        <div>
          <label htmlFor="replay-to" className="block text-sm font-medium">
            Placed until (optional)
          </label>
          <input id="replay-to" name="placedTo" type="datetime-local" className={fieldClass} />
        </div>
      </div>
      <button type="submit" value="count" disabled={pending} className={buttonClass}>
        Count the orders
      </button>
      {count && (
        <div className="space-y-2" data-testid="replay-count">
          <p>
            {count.count} order{count.count === 1 ? "" : "s"} would be sent on
            {count.stale > 0 && `, ${count.stale} of them placed more than ${staleDays} days ago`}.
          </p>
          {count.stale > 0 && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="confirmStale" /> Send the older orders too
            </label>
          )}
          {count.count > 0 && (
            <button type="submit" value="replay" disabled={pending} className={buttonClass}>
              Replay {count.count} order{count.count === 1 ? "" : "s"}
            </button>
          )}
        </div>
      )}
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-red-700 dark:text-red-400">
        {message}
      </p>
    </form>
  );
}
