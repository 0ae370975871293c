import { randomBytes } from "node:crypto";
import StaffLink, { staffLinkSubject, staffLinkText, type StaffLinkProps } from "../../emails/staff-link";
import { config } from "../config";
import { sendMail } from "../mailer";
import { renderEmail } from "../render-email";

/** A reset link works for an hour; an invitation for three days (people read mail later). */
export const RESET_LINK_SECONDS = 3600;
export const INVITE_LINK_SECONDS = 3 * 86_400;

/**
 * better-auth's reset-password verification identifier: an invitation is a reset token too, so
 * `auth.api.resetPassword` consumes both, once (the row is deleted in the same transaction).
 */
export const linkIdentifier = (token: string) => `reset-password:${token}`;

export const newLinkToken = () => randomBytes(32).toString("base64url");

interface LinkMail {
  kind: StaffLinkProps["kind"];
  to: { name: string; email: string };
  token: string;
  role?: string;
  invitedBy?: string;
}

/** Mails a one-time link to /admin/set-password (the dev outbox without RESEND_API_KEY). */
export async function sendStaffLink({ kind, to, token, role, invitedBy }: LinkMail): Promise<void> {
  const link = new URL("/admin/set-password", config().APP_URL);
  link.searchParams.set("token", token);
  const validFor = kind === "invite" ? "3 days" : "1 hour";
  const { html, text } = await renderEmail(StaffLink, staffLinkText, { kind, name: to.name, role, invitedBy, link: link.href, validFor });
  await sendMail({ to: to.email, subject: staffLinkSubject({ kind }), html, text, idempotencyKey: `staff-${kind}-${token.slice(0, 16)}` });
}
