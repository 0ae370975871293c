import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The worker and scripts share lib/ with the app; pg and ioredis stay server-side Node modules.
  serverExternalPackages: ["pg", "ioredis", "bullmq", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // unauthorized() answers an admin server action without a session with a 401.
  experimental: { authInterrupts: true },
};

export default nextConfig;
