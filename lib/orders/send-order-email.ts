import type { EmailKind } from "../generated/prisma/enums";
import { sendMail, type SentMail } from "../mailer";
import { emails } from "../metrics";
import type { SentEmailRecord } from "./store";

/**
 * The tag every order email carries, naming its order: a webhook about an email not recorded yet
 * (lib/orders/email-delivery.ts) can tell one of ours from another sender's on the same account.
 */
export const ORDER_TAG = "dispatch_order";

export interface OrderEmail {
  order: { id: string; email: string };
  kind: EmailKind;
  mail: { subject: string; html: string; text: string };
  /** The same for every run of the job that owes this email: the mail API sends it once. */
  idempotencyKey: string;
}

/**
 * The send step every email an order owes shares: send it under its key and count it. On a failure
 * `failed` records the attempt (with the reason), then the error is thrown for the job to retry. Once
 * the mail is out, `sent` records it and moves the order; should that fail, the job's retry sends the
 * same key again and the mail API answers with this same email instead of a second one.
 */
export async function sendOrderEmail(
  { order, kind, mail, idempotencyKey }: OrderEmail,
  handlers: { failed(reason: string): Promise<unknown>; sent(record: SentEmailRecord, sent: SentMail & { durationMs: number }): Promise<unknown> },
): Promise<void> {
  const started = performance.now();
  let sent: SentMail;
  try {
    sent = await sendMail({ to: order.email, ...mail, idempotencyKey, tags: [{ name: ORDER_TAG, value: order.id }] });
  } catch (error) {
    emails.inc({ outcome: "failed" });
    await handlers.failed((error as Error).message.slice(0, 1000));
    throw error;
  }
  emails.inc({ outcome: "sent" });
  const record = { orderId: order.id, kind, recipient: order.email, subject: mail.subject, idempotencyKey, via: sent.via, providerId: sent.id };
  await handlers.sent(record, { ...sent, durationMs: Math.round(performance.now() - started) });
}
