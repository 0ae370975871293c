// Prisma's schema engine (the half of Prisma Migrate that diffs schemas and applies migrations) as
// WebAssembly. The CLI's native engine is downloaded on first use, which fails where only the npm
// registry is reachable; this build ships in @prisma/schema-engine-wasm and reaches PostgreSQL
// through the same driver adapter as the app.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, DriverAdapterError } from "@prisma/driver-adapter-utils";
import type { MigrationDirectory, MigrationList, SchemaContainer, SchemaFilter } from "@prisma/schema-engine-wasm";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

export const migrationsDir = path.join(import.meta.dirname, "migrations");
export const lockfilePath = "migration_lock.toml";
/** Nothing in the database is managed outside Prisma (prisma.config.ts declares no external tables). */
export const filters: SchemaFilter = { externalTables: [], externalEnums: [] };

export async function readSchema(): Promise<SchemaContainer> {
  const content = await readFile(path.join(import.meta.dirname, "schema.prisma"), "utf8");
  return { path: "prisma/schema.prisma", content };
}

/** prisma/migrations as the engine expects it: the same files `prisma migrate` reads. */
export async function readMigrations(): Promise<MigrationList> {
  const lockfile = await readFile(path.join(migrationsDir, lockfilePath), "utf8").catch(() => null);
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .map(async (dir): Promise<MigrationDirectory> => {
        const file = path.join(migrationsDir, dir, "migration.sql");
        const content = await readFile(file, "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          // A folder without migration.sql is reported by the engine, as Prisma does.
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        );
        return { path: dir, migrationFile: { path: "migration.sql", content } };
      }),
  );
  const lockfileEntry = { path: lockfilePath, content: lockfile };
  return { baseDir: migrationsDir, lockfile: lockfileEntry, shadowDbInitScript: "", migrationDirectories };
}

let wasmReady: Promise<void> | undefined;

// schema_engine.js imports the .wasm as an ES module, which Node 20 allows only behind
// --experimental-wasm-modules. Instantiating it here does the same wiring with no flag.
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const wasmUrl = new URL("schema_engine_bg.wasm", import.meta.resolve("@prisma/schema-engine-wasm"));
    const { instance } = await WebAssembly.instantiate(await readFile(wasmUrl), { "./schema_engine_bg.js": bindings });
    (bindings as unknown as { __wbg_set_wasm(exports: WebAssembly.Exports): void }).__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

const CHAR_OID = 18; // PostgreSQL's one-byte "char", as in pg_class.relkind
const TEXT_OID = 25;

/**
 * PrismaPg, fixed where adapter-pg 7.10 (made for the query engine) falls short of the schema engine:
 * - it rejects result columns of type "char", which the engine's catalog queries read;
 * - its executeScript runs a script one ";"-separated piece at a time, which breaks on ";" inside
 *   strings or function bodies and leaves a failed migration half-applied;
 * - its connectToShadowDb creates a database, then connects with { connectionString, database },
 *   where pg lets the connection string win: the "shadow" would be the main database.
 */
class EnginePg extends PrismaPg {
  constructor(
    url: string,
    private readonly throwaway: boolean,
  ) {
    const pool = new pg.Pool({ connectionString: url });
    // pg already reads "char" as a string; relabel it text before the adapter sees the column types.
    pool.on("connect", (client) => {
      client.connection.prependListener("rowDescription", (message: { fields: { dataTypeID: number }[] }) => {
        for (const field of message.fields) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
      });
    });
    super(pool, { disposeExternalPool: true });
  }

  override async connect() {
    const adapter = await super.connect();
    // Send the script whole, as the native engine does: PostgreSQL runs a multi-statement query as
    // one implicit transaction, so a failing migration.sql changes nothing.
    adapter.executeScript = async (script) => {
      await adapter
        .underlyingDriver()
        .query(script)
        .catch((error: pg.DatabaseError) => {
          const { code = "", severity = "ERROR", message, detail, column, hint } = error;
          throw new DriverAdapterError({ kind: "postgres", code, severity, message, detail, column, hint });
        });
    };
    return adapter;
  }

  // A throwaway database can be its own shadow database; a real one gets none (see above).
  override connectToShadowDb() {
    return this.throwaway ? this.connect() : Promise.reject(new Error("no shadow database for a real database"));
  }
}

/** throwaway: url is a scratch database, which the engine may then also use as its shadow database. */
export async function openEngine(url: string, { throwaway = false } = {}) {
  await loadWasm();
  const schema = await readSchema();
  const adapter = bindMigrationAwareSqlAdapterFactory(new EnginePg(url, throwaway));
  // The engine logs through this callback; its errors come back as rejections, so drop the chatter.
  return bindings.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, () => {}, adapter);
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

function withDatabase(url: string, database: string): string {
  const other = new URL(url);
  other.pathname = `/${encodeURIComponent(database)}`;
  return other.toString();
}

/** Runs fn on the same server's `postgres` database, the one that always exists. */
async function asAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the URL's database if it is missing; true when it did. */
export async function ensureDatabase(url: string): Promise<boolean> {
  // Try the database itself first: a hosted app role may exist there but not reach `postgres`.
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error; // 3D000: database does not exist
  } finally {
    await probe.end().catch(() => {});
  }
  return asAdmin(url, async (admin) => {
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(databaseName(url))}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "42P04") return false; // created meanwhile by someone else
      throw error;
    }
  });
}

/** Gives fn the URL of an empty, throwaway database on the same server, dropped afterwards. */
export async function withShadowDatabase<T>(url: string, fn: (shadowUrl: string) => Promise<T>): Promise<T> {
  const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
  await asAdmin(url, (admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`));
  try {
    return await fn(withDatabase(url, name));
  } finally {
    // FORCE: the engine may still hold pooled connections to it.
    await asAdmin(url, (admin) => admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`));
  }
}
