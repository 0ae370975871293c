import { PrismaPg } from "@prisma/adapter-pg";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DB } from "./generated/kysely/types";
import { PrismaClient } from "./generated/prisma/client";
import { config } from "./config";
import { lazy } from "./lazy";
import { logger } from "./logger";

// One pool and one client per process; Next's dev server re-evaluates modules, so keep them on
// globalThis there.
const globalForDb = globalThis as unknown as { pool?: pg.Pool; prisma?: PrismaClient };

function createPool(): pg.Pool {
  const { DATABASE_URL, DB_CONNECT_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS } = config();
  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    // Nothing waits on PostgreSQL forever: not for a connection, not for a statement (the server
    // cancels it), not for an answer that a dead connection will never send.
    connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
    statement_timeout: DB_STATEMENT_TIMEOUT_MS,
    query_timeout: DB_STATEMENT_TIMEOUT_MS + 1_000,
    idle_in_transaction_session_timeout: DB_STATEMENT_TIMEOUT_MS,
    // Every session in UTC, whatever the database's default: Prisma's pg adapter reads a timestamptz
    // as if it were in UTC and writes a date without its offset (prisma/orm#26786, #28629), so in any
    // other zone its times would be off by the zone's offset. Our own statements are right either way.
    options: "-c TimeZone=UTC",
  });
  // A connection PostgreSQL closes (a restart, a failover) reports an error event: the pool's when
  // it was idle, the connection's own while it is checked out between two statements (Kysely and
  // Prisma hold one per statement). Unheard, either would end the process. The pool drops the
  // connection and opens another for the next query.
  pool.on("error", (error) => logger.warn({ err: error }, "an idle PostgreSQL connection was closed; the pool replaces it"));
  pool.on("connect", (client) => client.on("error", (error) => logger.warn({ err: error }, "a PostgreSQL connection in use was closed")));
  return pool;
}

const connectionPool = () => (globalForDb.pool ??= createPool());

/** Prisma, for every query but the few below. `$disconnect()` also closes the shared pool. */
export const prisma = lazy(
  () => (globalForDb.prisma ??= new PrismaClient({ adapter: new PrismaPg(connectionPool(), { disposeExternalPool: true }) })),
);

/** The shared pool itself, for tests and health checks that need a plain connection. */
export const pool = lazy(connectionPool);

/**
 * Kysely on Prisma's own pool, typed by the schema (lib/generated/kysely), for the statements every
 * order runs through (lib/orders/store.ts): Prisma's query path costs several times the pg
 * driver's CPU per statement (docs/benchmarks), and these statements need CTEs Prisma cannot write.
 */
export const db = lazy(() => new Kysely<DB>({ dialect: new PostgresDialect({ pool: connectionPool() }) }));

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
