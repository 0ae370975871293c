import { APIError } from "better-auth/api";
import { staffLogins } from "../metrics";
import { auth } from "./auth";
import { refundLinkAttempt, refundLoginAttempt, takeLinkAttempt, takeLoginAttempt, tryAgainIn } from "./throttle";

/**
 * The throttled ways in (ADR 007). Each takes its points before better-auth compares anything; the
 * server actions in app/admin/ call these with the request's headers, and better-auth's nextCookies
 * plugin sets or clears the session cookie on the action's response.
 */
export type Outcome = { ok: true; headers: Headers } | { ok: false; error: string };

export const WRONG_LOGIN = "That email and password do not match an admin account.";

export async function signIn(email: string, password: string, address: string, requestHeaders: Headers): Promise<Outcome> {
  const wait = await takeLoginAttempt(email, address);
  if (wait > 0) {
    staffLogins.inc({ outcome: "throttled" });
    return { ok: false, error: tryAgainIn(wait) };
  }
  try {
    const { headers } = await auth.api.signInEmail({ body: { email, password, rememberMe: true }, headers: requestHeaders, returnHeaders: true });
    await refundLoginAttempt(email, address);
    staffLogins.inc({ outcome: "succeeded" });
    return { ok: true, headers };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    staffLogins.inc({ outcome: "refused" });
    return { ok: false, error: WRONG_LOGIN };
  }
}

/** A logged-in person's new password: every other session of theirs ends; this one gets a new cookie. */
export async function changePassword(email: string, currentPassword: string, newPassword: string, address: string, requestHeaders: Headers): Promise<Outcome> {
  const wait = await takeLoginAttempt(email, address);
  if (wait > 0) return { ok: false, error: tryAgainIn(wait) };
  try {
    const { headers } = await auth.api.changePassword({ body: { currentPassword, newPassword, revokeOtherSessions: true }, headers: requestHeaders, returnHeaders: true });
    await refundLoginAttempt(email, address);
    return { ok: true, headers };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    return { ok: false, error: "The current password is not right." };
  }
}

export const USED_LINK = "This link has expired or was already used. Ask an owner for a new invitation, or request a new reset link.";

/** An invitation or reset link followed: the token works once; every session of that person ends. */
export async function setPasswordWithLink(token: string, newPassword: string, address: string): Promise<Outcome> {
  const wait = await takeLinkAttempt(address);
  if (wait > 0) return { ok: false, error: tryAgainIn(wait) };
  try {
    const { headers } = await auth.api.resetPassword({ body: { token, newPassword }, returnHeaders: true });
    await refundLinkAttempt(address);
    return { ok: true, headers };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    return { ok: false, error: USED_LINK };
  }
}

/** Mails a reset link if the address is staff's; says the same either way. */
export async function requestReset(email: string, address: string): Promise<{ ok: false; error: string } | { ok: true }> {
  const wait = await takeLinkAttempt(address, email);
  if (wait > 0) return { ok: false, error: tryAgainIn(wait) };
  await auth.api.requestPasswordReset({ body: { email } });
  return { ok: true };
}
