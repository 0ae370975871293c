import { spawnSync } from "node:child_process";
import pg from "pg";

/**
 * Drops the test database and builds it again with the real migrations and seed; `timeZone` is the
 * database's default TimeZone for every session.
 */
export async function recreateDatabase(url: string, { timeZone }: { timeZone?: string } = {}): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/_(test|e2e|bench)$/.test(name)) throw new Error(`Refusing to drop "${name}": not a test or benchmark database`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    if (timeZone) await client.query(`ALTER DATABASE "${name}" SET timezone TO '${timeZone.replaceAll("'", "''")}'`);
  } finally {
    await client.end();
  }
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, NODE_ENV: "test" };
  for (const args of [["prisma/migrate.ts", "deploy"], ["prisma/seed.ts"]]) {
    const run = spawnSync("npx", ["tsx", ...args], { env, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`${args.join(" ")} failed:\n${run.stderr || run.stdout}`);
  }
}
