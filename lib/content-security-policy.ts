/**
 * The pages' Content-Security-Policy: scripts only with this response's nonce (Next.js puts it on its
 * own scripts when it finds it in the request's policy, proxy.ts), and what they load ('strict-dynamic').
 * Styles stay inline-able: Next and the admin's sandboxed email preview (an iframe srcdoc, which
 * inherits this policy) use style attributes.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    // The dev server evaluates code for fast refresh and error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** What answers that are not pages (the JSON API) may do in a browser: nothing. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
