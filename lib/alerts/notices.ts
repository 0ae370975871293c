import AlertNotice, { alertNoticeText } from "../../emails/alert-notice";
import { config } from "../config";
import { logger } from "../logger";
import { sendMail } from "../mailer";
import type { AlertNoticeJob } from "../queue";
import { renderEmail } from "../render-email";
import { describeCondition, type ConditionKey } from "./conditions";
import type { DueNotice } from "./store";

const labels: Record<AlertNoticeJob["kind"], string> = { opened: "Alert", reminder: "Reminder", update: "Update", recovered: "Recovered" };

/** The channels configured now (ALERT_EMAIL, ALERT_WEBHOOK_URL): none, one or both. */
export function alertChannels(): AlertNoticeJob["channel"][] {
  const { ALERT_EMAIL, ALERT_WEBHOOK_URL } = config();
  return [...(ALERT_EMAIL ? (["email"] as const) : []), ...(ALERT_WEBHOOK_URL ? (["webhook"] as const) : [])];
}

/** One job per channel for a notice that is due, saying what holds as of now. */
export function noticeJobs({ alert, kind, reminder, update }: DueNotice): AlertNoticeJob[] {
  const description = describeCondition(alert.condition as ConditionKey, alert.count, alert.newEntries);
  const title = kind === "recovered" ? description.cleared : kind === "update" ? (description.update ?? description.title) : description.title;
  const link = new URL(description.path, config().APP_URL).toString();
  const detail = kind === "recovered" ? `Cleared at ${alert.clearedAt!.toISOString()}. Last seen: ${alert.detail}` : alert.detail;
  const at = new Date().toISOString();
  const since = alert.openedAt.toISOString();
  const newCount = kind === "update" ? alert.newEntries : 0;
  return alertChannels().map((channel) => ({ alertId: alert.id, channel, kind, reminder, update, condition: alert.condition, title, count: alert.count, newCount, detail, link, since, at }));
}

/** "Alert: 200 orders need attention", the subject line and the webhook's text. */
export const headline = (job: AlertNoticeJob) => `${labels[job.kind]}${job.kind === "reminder" ? ` ${job.reminder}` : job.kind === "update" ? ` ${job.update}` : ""}: ${job.title}`;

/** Delivers one notice; throws on failure, so the job retries it with backoff. */
export async function deliverNotice(job: AlertNoticeJob, jobId: string): Promise<void> {
  if (job.channel === "email") await emailNotice(job, jobId);
  else await postNotice(job, jobId);
  logger.info({ alertId: job.alertId, condition: job.condition, kind: job.kind, channel: job.channel }, "alert notice delivered");
}

async function emailNotice(job: AlertNoticeJob, jobId: string) {
  const to = config().ALERT_EMAIL;
  if (!to) return; // unset since the notice was queued: nowhere to send it
  const since = new Date(job.since).toUTCString();
  const rendered = await renderEmail(AlertNotice, alertNoticeText, { label: labels[job.kind], title: job.title, detail: job.detail, since, link: job.link });
  // The job's id as the mail API's idempotency key: a retried job never mails twice.
  await sendMail({ to, subject: `[Dispatch] ${headline(job)}`, ...rendered, idempotencyKey: `alert/${jobId}` });
}

/**
 * A JSON POST: Slack-compatible `text`, plus the structured fields for any other receiver. The
 * Idempotency-Key header lets a receiver drop a retry of a notice it already took.
 */
async function postNotice(job: AlertNoticeJob, jobId: string) {
  const { ALERT_WEBHOOK_URL, EMAIL_TIMEOUT_MS } = config();
  if (!ALERT_WEBHOOK_URL) return;
  const body = {
    text: `${headline(job)}. ${job.detail} ${job.link}`,
    condition: job.condition,
    state: job.kind,
    reminder: job.reminder,
    update: job.update,
    count: job.count,
    newCount: job.newCount,
    detail: job.detail,
    link: job.link,
    since: job.since,
    at: job.at,
    alertId: job.alertId,
  };
  const response = await fetch(ALERT_WEBHOOK_URL, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": jobId },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(EMAIL_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`The alert webhook answered ${response.status}`);
}
