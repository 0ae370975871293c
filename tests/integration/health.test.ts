import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { health } from "@/lib/health";
import { closeQueues } from "@/lib/queue";

afterAll(async () => {
  await closeQueues();
});

describe("health", () => {
  it("reports every dependency and is ok with the database migrated", async () => {
    const result = await health();

    expect(result.checks.map((check) => check.name)).toEqual(["Database", "Redis", "Migrations", "Queue", "ERP"]);
    expect(result.checks.find((check) => check.name === "Migrations")).toMatchObject({ state: "ok", summary: expect.stringMatching(/^all \d+ applied$/) });
    expect(result.ok).toBe(true);
  });

  it("is not ok while a migration is not applied", async () => {
    const [latest] = await prisma.$queryRaw<{ id: string; migration_name: string }[]>`
      SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await prisma.$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL WHERE id = ${latest!.id}`;
    try {
      const result = await health();
      expect(result.ok).toBe(false);
      expect(result.checks.find((check) => check.name === "Migrations")).toMatchObject({ state: "down", summary: `1 not applied: ${latest!.migration_name}` });
    } finally {
      await prisma.$executeRaw`UPDATE _prisma_migrations SET finished_at = now() WHERE id = ${latest!.id}`;
    }
  });
});
