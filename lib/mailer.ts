import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Resend } from "resend";
import { config } from "./config";

export interface Mail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Resend drops a second send with the same key, so a retried job never mails twice. */
  idempotencyKey: string;
  /** Resend returns them with each webhook about this email. */
  tags?: { name: string; value: string }[];
}

export interface SentMail {
  id: string;
  via: "resend" | "outbox";
}

let resend: Resend | undefined;

/**
 * Sends through Resend (MAIL_TRANSPORT=resend, or a RESEND_API_KEY). The outbox (MAIL_TRANSPORT=outbox,
 * or development without a key) writes the mail to MAIL_OUTBOX_DIR as .html, .txt and .json files a
 * developer can open: never silently dropped. Production without a key does not start (lib/config.ts).
 */
export async function sendMail(mail: Mail): Promise<SentMail> {
  const { RESEND_API_KEY, RESEND_BASE_URL, EMAIL_FROM, EMAIL_TIMEOUT_MS, MAIL_TRANSPORT } = config();
  if (!RESEND_API_KEY || MAIL_TRANSPORT === "outbox") return writeToOutbox(mail);

  resend ??= new Resend(RESEND_API_KEY, { baseUrl: RESEND_BASE_URL });
  // A mail API that never answers must not hold a worker's email slots, or its shutdown, forever.
  const signal = AbortSignal.timeout(EMAIL_TIMEOUT_MS);
  const { data, error } = await resend.emails.send(
    { from: EMAIL_FROM, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text, tags: mail.tags },
    { idempotencyKey: mail.idempotencyKey, signal },
  );
  if (signal.aborted) throw new Error(`Resend did not answer within ${EMAIL_TIMEOUT_MS} ms`);
  if (error || !data) throw new Error(`Resend refused the email: ${error?.message ?? "no id returned"}`);
  return { id: data.id, via: "resend" };
}

async function writeToOutbox(mail: Mail): Promise<SentMail> {
  const { MAIL_OUTBOX_DIR, EMAIL_FROM } = config();
  await mkdir(MAIL_OUTBOX_DIR, { recursive: true });
  // The idempotency key names the files, so a retried job overwrites rather than duplicates.
  const id = mail.idempotencyKey.replace(/[^\w-]+/g, "_");
  const base = path.join(MAIL_OUTBOX_DIR, id);
  await Promise.all([
    writeFile(`${base}.html`, mail.html),
    writeFile(`${base}.txt`, mail.text),
    writeFile(`${base}.json`, JSON.stringify({ from: EMAIL_FROM, to: mail.to, subject: mail.subject, sentAt: new Date() }, null, 2)),
  ]);
  return { id, via: "outbox" };
}
