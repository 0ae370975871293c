import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { config } from "./config";
import { lazy } from "./lazy";

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis there.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma = lazy(
  () => (globalForPrisma.prisma ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: config().DATABASE_URL }) })),
);

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
