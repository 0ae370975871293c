import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { config } from "./config";
import { lazy } from "./lazy";

// One pool and one client per process; Next's dev server re-evaluates modules, so keep them on
// globalThis there.
const globalForDb = globalThis as unknown as { pool?: pg.Pool; prisma?: PrismaClient };
const connectionPool = () => (globalForDb.pool ??= new pg.Pool({ connectionString: config().DATABASE_URL }));

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
