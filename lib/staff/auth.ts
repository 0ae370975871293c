import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { config, webConfig } from "../config";
import { prisma } from "../db";
import { lazy } from "../lazy";
import { sendStaffLink, RESET_LINK_SECONDS } from "./links";
import { hashPassword, verifyPassword } from "./password";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Staff accounts (better-auth): email and password hashed with argon2id, sessions stored in
 * PostgreSQL and looked up on every request (no cookie cache, so a deleted session is refused at
 * once). Its HTTP endpoints are not mounted: every flow is a server action that throttles first
 * (lib/staff/throttle.ts) and calls `auth.api`. ADR 007.
 */
function createAuth() {
  const { APP_URL } = config();
  const { SESSION_SECRET, STAFF_SESSION_HOURS } = webConfig();
  return betterAuth({
    appName: "Dispatch",
    baseURL: APP_URL,
    secret: SESSION_SECRET,
    database: prismaAdapter(prisma, { provider: "postgresql", transaction: true }),
    user: {
      modelName: "staff",
      additionalFields: { role: { type: ["viewer", "operator", "owner"], input: false, defaultValue: "viewer" } },
    },
    session: {
      modelName: "staffSession",
      fields: { userId: "staffId" },
      // The absolute lifetime: never extended. The idle timeout is ours (lib/staff/session.ts).
      expiresIn: STAFF_SESSION_HOURS * 3600,
      disableSessionRefresh: true,
    },
    account: { modelName: "staffAccount", fields: { userId: "staffId" } },
    // Invite and reset tokens are stored hashed: a copy of the database holds no working link.
    verification: { modelName: "staffVerification", storeIdentifier: "hashed" },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true, // staff are invited by an owner
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      password: { hash: hashPassword, verify: verifyPassword },
      resetPasswordTokenExpiresIn: RESET_LINK_SECONDS,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, token }) => sendStaffLink({ kind: "reset", to: user, token }),
    },
    // Its limiter counts only HTTP requests to its own endpoints, which are not mounted.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    // Its "invalid password" warnings would log every wrong guess: dispatch_staff_logins_total counts them.
    logger: { level: "error" },
    advanced: {
      cookiePrefix: "dispatch",
      useSecureCookies: APP_URL.startsWith("https:"),
      defaultCookieAttributes: { sameSite: "strict", httpOnly: true },
    },
    plugins: [nextCookies()],
  });
}

export const auth = lazy(createAuth);
