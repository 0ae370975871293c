import { config } from "../config";
import { logger } from "../logger";
import { getQueue, jobIdFor, QueueName, ensureJob } from "../queue";
import { overdueIn, owedJob, type OwedJob } from "./owed-work";
import { stopSyncForPerson } from "./delay-notice";
import { applyMove, finishDelayNotice, finishResend, overdueOrders, postpone, revive } from "./store";

export interface SweepSummary {
  /** Overdue orders looked at. */
  checked: number;
  /** Orders whose lost or dead job was run again. */
  revived: number;
  /** Orders stopped for a person after too many revivals. */
  stopped: number;
}

type Overdue = Awaited<ReturnType<typeof overdueOrders>>[number];

const liveStates = new Set(["waiting", "delayed", "active", "prioritized", "waiting-children"]);

/**
 * The safety net behind every job: walks every order whose owed work is overdue (the database says
 * what is owed and since when) and looks at its job. A live job only postpones the order; a lost,
 * completed or failed one runs again, counted as a revival; past SWEEP_MAX_REVIVALS the order stops
 * for a person with the last error. Every write names the version it read, so two sweepers at once
 * revive an order once.
 */
export async function sweepOwedWork({ batchSize = 200 }: { batchSize?: number } = {}): Promise<SweepSummary> {
  const summary: SweepSummary = { checked: 0, revived: 0, stopped: 0 };
  let after: { dueAt: Date; id: string } | null = null;
  for (;;) {
    const batch = await overdueOrders({ after, limit: batchSize });
    if (batch.length === 0) return summary;
    const looks = await Promise.all(batch.map(lookAtJob));
    await postpone(
      looks.filter((look) => look.alive).map((look) => look.order.id),
      overdueIn.queued(),
    );
    for (const look of looks) {
      if (look.alive) continue;
      const result = await reviveOrStop(look.order, look.owed!, look.why);
      if (result !== "skipped") summary[result] += 1;
    }
    summary.checked += batch.length;
    const last = batch.at(-1)!;
    after = { dueAt: last.workDueAt!, id: last.id };
  }
}

/** Whether the order's owed work has a job that will still run, and if not, why. */
async function lookAtJob(order: Overdue) {
  const owed = owedJob(order);
  if (!owed) return { order, owed, alive: true, why: "" }; // owes nothing after all
  const job = await getQueue(owed.queue).getJob(jobIdFor(owed.queue, owed.data));
  const state = job ? await job.getState() : "missing";
  const why = state === "failed" ? `its job failed: ${job!.failedReason}` : state === "completed" ? "its job ended without doing it" : "its job was lost";
  return { order, owed, alive: liveStates.has(state), why };
}

async function reviveOrStop(order: Overdue, owed: OwedJob, why: string): Promise<"revived" | "stopped" | "skipped"> {
  const what = owed.queue === QueueName.erpSync ? "the ERP" : owed.data.kind === "delayed" ? "the delay notice" : "the confirmation email";
  if (order.revivals >= config().SWEEP_MAX_REVIVALS) return (await stop(order, owed, why)) ? "stopped" : "skipped";

  const revived = await revive(order, { type: "QUEUED", message: `Queued again for ${what} (${why})` }, overdueIn.queued());
  if (!revived) return "skipped"; // another sweeper or run got there first
  await ensureJob(owed.queue, owed.data);
  logger.info({ orderId: order.id, queue: owed.queue, revivals: revived.revivals }, "stranded order queued again");
  return "revived";
}

async function stop(order: Overdue, owed: OwedJob, why: string) {
  const detail = `Stopped after ${order.revivals} revivals; ${why}`.slice(0, 1000);
  if (owed.queue === QueueName.erpSync) return stopSyncForPerson(order, "REVIVAL_LIMIT", [{ type: "FAILED", message: detail }], detail);
  if (owed.data.kind === "delayed") return finishDelayNotice(order.id, null, { type: "EMAIL_FAILED", message: `Delay notice failed. ${detail}` });
  if (owed.data.requestId) {
    return finishResend(order.id, owed.data.requestId, { type: "EMAIL_FAILED", message: `Resend failed. ${detail}` });
  }
  return applyMove(order, "stopEmail", { type: "EMAIL_FAILED", message: detail }, { dueInMs: null, attentionReason: "REVIVAL_LIMIT", lastError: detail });
}
