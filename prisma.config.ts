import { defineConfig } from "prisma/config";

// Used by `prisma generate`. Migrations are applied by prisma/migrate.ts (Prisma's schema engine
// as WebAssembly), because the CLI's native engine cannot be downloaded everywhere we run.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
