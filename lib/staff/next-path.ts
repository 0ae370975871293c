/** The header proxy.ts sets on admin pages: the path asked for, so a login can lead back to it. */
export const REQUESTED_PATH_HEADER = "x-dispatch-admin-path";

/**
 * Where to go after logging in: a page of the admin only, as a path on this origin. Anything else
 * (another host, `//evil.example`, `/\evil.example`, a scheme, a path that leaves /admin) lands on /admin.
 */
export function safeNextPath(requested: unknown): string {
  if (typeof requested !== "string" || !requested.startsWith("/") || /[\\\u0000-\u001f]/.test(requested)) return "/admin";
  const base = "http://admin.invalid";
  const url = new URL(requested, base);
  const insideAdmin = url.pathname === "/admin" || url.pathname.startsWith("/admin/");
  if (url.origin !== base || !insideAdmin || url.pathname.startsWith("/admin/login")) return "/admin";
  return url.pathname + url.search;
}

/** The login page, remembering where the person was going. */
export const loginPath = (requested: string | null | undefined) => {
  const next = safeNextPath(requested);
  return next === "/admin" ? "/admin/login" : `/admin/login?next=${encodeURIComponent(next)}`;
};
