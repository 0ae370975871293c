import path from "node:path";
import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY } from "./lib/content-security-policy";

export default function config(): NextConfig {
  // Pages get their Content-Security-Policy, with a nonce, from proxy.ts.
  const securityHeaders = [
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
      return [
        { source: "/:path*", headers: securityHeaders },
        { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      ];
    },
  };
}
