import { createHash, timingSafeEqual } from "node:crypto";
import { config } from "./config";

/** True for `Authorization: Bearer <METRICS_TOKEN>`; false for anything else, or when no token is set. */
export function holdsMetricsToken(headers: Headers): boolean {
  const { METRICS_TOKEN } = config();
  const given = /^Bearer (.+)$/.exec(headers.get("authorization") ?? "")?.[1];
  if (!METRICS_TOKEN || !given) return false;
  // Digests, so the comparison takes the same time whatever was sent.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(METRICS_TOKEN));
}
