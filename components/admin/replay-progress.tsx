"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReplayProgress } from "@/lib/admin/replay";

/** A replay's live progress: done, failed again, left, until none is left. */
export function ReplayProgressView({ initial }: { initial: ReplayProgress }) {
  const { data } = useQuery<ReplayProgress>({
    queryKey: ["admin-replay", initial.id],
    queryFn: async () => {
      const response = await fetch(`/api/admin/replays/${initial.id}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`Replay request failed (${response.status})`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: ({ state }) => (state.data && state.data.left > 0 ? 1_000 : false),
  });
  const finished = data.left === 0;
  return (
    <section aria-labelledby="replay-heading" className="max-w-2xl space-y-4">
      <Link href="/admin/attention" className="text-sm underline">
        All that needs attention
      </Link>
      <h1 id="replay-heading" className="text-xl font-semibold">
        Replay “{data.name}”
      </h1>
      <p className="text-stone-600 dark:text-stone-400">
        Started by {data.createdBy}, {data.total} order{data.total === 1 ? "" : "s"}, sent through the normal queue at the ERP&apos;s pace.
      </p>
      <progress max={data.total} value={data.done + data.failed} aria-label="Replay progress" className="h-3 w-full" />
      <p aria-live="polite" data-testid="replay-progress">
        {finished ? "Finished" : "In progress"}: {data.done} done · {data.failed} failed · {data.left} left
      </p>
    </section>
  );
}
