import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { HEALTH_CACHE_MS, recentHealth } from "@/lib/health";
import { closeQueues } from "@/lib/queue";

afterAll(async () => {
  await closeQueues();
});

describe("health for every caller (GET /api/health)", () => {
  it("is measured at most once per few seconds, however often it is asked", async () => {
    const first = await recentHealth();
    expect(first.ok).toBe(true);
    const [latest] = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await prisma.$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL WHERE id = ${latest!.id}`;
    try {
      // Within the cache the answer is the one measured, not a new round of queries.
      const asked = await Promise.all(Array.from({ length: 50 }, () => recentHealth()));
      expect(asked.every((health) => health === first)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_CACHE_MS + 50));
      expect((await recentHealth()).ok).toBe(false);
    } finally {
      await prisma.$executeRaw`UPDATE _prisma_migrations SET finished_at = now() WHERE id = ${latest!.id}`;
    }
  });
});
