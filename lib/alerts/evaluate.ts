import { config } from "../config";
import { logger } from "../logger";
import { getQueue, jobIdFor, jobOptions, QueueName } from "../queue";
import { measured, type ConditionKey } from "./conditions";
import { noticeJobs } from "./notices";
import { clearAlert, dueNotices, markNotified, openAlerts, raiseAlert } from "./store";

export interface Evaluation {
  /** Conditions holding now, by key. */
  holding: ConditionKey[];
  /** Notices queued by this evaluation (one per alert and kind, whatever the channels). */
  notices: number;
}

/**
 * Measures every condition, opens or clears its alert, then queues the notices that are due. One
 * worker of the fleet runs it every ALERT_INTERVAL_MS (worker/workers.ts); two at once are safe:
 * each notice's jobs have ids made of the alert, the kind and the channel, so a second enqueue is a
 * no-op, and the alert records the notice with a compare-and-set. Jobs go first, the record after,
 * so a crash between the two repeats the (deduplicated) enqueue rather than losing the notice.
 */
export async function evaluateAlerts(): Promise<Evaluation> {
  const holding: ConditionKey[] = [];
  const told = new Map((await openAlerts()).map((alert) => [alert.condition, alert.toldEntryAt]));
  await Promise.all(
    Object.entries(measured).map(async ([key, measure]) => {
      const condition = key as ConditionKey;
      try {
        const reading = await measure(told.get(condition) ?? null);
        if (reading) holding.push(condition);
        await (reading ? raiseAlert(condition, reading) : clearAlert(condition));
      } catch (error) {
        // A condition that cannot be read now keeps its state; the others go on.
        logger.warn({ err: error, condition }, "alert condition could not be evaluated");
      }
    }),
  );

  const { ALERT_GROUP_SECONDS, ALERT_REMIND_MINUTES } = config();
  const queue = getQueue(QueueName.alertNotice);
  let notices = 0;
  for (const notice of await dueNotices({ groupSeconds: ALERT_GROUP_SECONDS, remindMinutes: ALERT_REMIND_MINUTES })) {
    const jobs = noticeJobs(notice);
    await queue.addBulk(jobs.map((data) => ({ name: QueueName.alertNotice, data, opts: jobOptions(QueueName.alertNotice, data) })));
    if (await markNotified(notice)) {
      notices++;
      logger.info({ alertId: notice.alert.id, condition: notice.alert.condition, kind: notice.kind, jobs: jobs.map((job) => jobIdFor(QueueName.alertNotice, job)) }, "alert notice queued");
    }
  }
  return { holding, notices };
}
