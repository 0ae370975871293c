import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
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
  });
  // An idle connection that PostgreSQL closes (a restart, a failover) is reported here; the pool
  // drops it and opens another on the next query. Without a listener the process would exit.
  pool.on("error", (error) => logger.warn({ err: error }, "an idle PostgreSQL connection was closed; the pool replaces it"));
  return pool;
}

const connectionPool = () => (globalForDb.pool ??= createPool());

/** Prisma, for every query but the few below. `$disconnect()` also closes the shared pool. */
export const prisma = lazy(
  () => (globalForDb.prisma ??= new PrismaClient({ adapter: new PrismaPg(connectionPool(), { disposeExternalPool: true }) })),
);

/**
 * Prisma's connection pool, for the statements every order runs through (checkout's two, the
 * worker's read, each status change): the pg driver spends 90–170 µs of CPU on a statement where
 * Prisma's query path spends 240–870 µs, a quarter of the web process's CPU per checkout
 * (docs/benchmarks).
 */
export const pool = lazy(connectionPool);

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
