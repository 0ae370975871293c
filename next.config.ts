import path from "node:path";
import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";

/** The browser may load and talk to this origin only; no page of ours may be framed elsewhere. */
function contentSecurityPolicy(development: boolean): string {
  return [
    "default-src 'self'",
    // Next inlines its bootstrap scripts; the dev server also evaluates code for fast refresh.
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
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

export default function config(phase: string): NextConfig {
  const securityHeaders = [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(phase === PHASE_DEVELOPMENT_SERVER) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
  ];
  return {
    // The worker and scripts share lib/ with the app; pg and ioredis stay server-side Node modules.
    serverExternalPackages: ["pg", "ioredis", "bullmq", "@prisma/adapter-pg", "prom-client"],
    poweredByHeader: false,
    // The data cache (the catalog, lib/catalog/read.ts) in memory, with tag expiries in Redis so a
    // product change reaches every instance (cache-handler.mjs, lib/next-cache-handler.ts).
    cacheHandler: path.resolve("cache-handler.mjs"),
    cacheMaxMemorySize: 0,
    experimental: {
      // unauthorized() answers an admin server action without a session with a 401.
      authInterrupts: true,
      // A checkout form is a few kilobytes; refuse anything far larger before it reaches our code.
      serverActions: { bodySizeLimit: "100kb" },
    },
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders }];
    },
  };
}
