import { randomUUID } from "node:crypto";
import net from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Stands in for a PostgreSQL server that is down or restarting, the ways a client sees that: it
 * accepts and never answers, drops the connection, resets it, or answers the startup with a FATAL
 * error (as a server starting up, shutting down or full does); closed, it refuses connections.
 */
type Behaviour = "hang" | "close" | "reset" | { sqlstate: string; message: string };
let behaviour: Behaviour = "hang";
const sockets = new Set<net.Socket>();
const server = net.createServer((socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
  socket.on("error", () => {}); // the client hanging up on a stalled server is expected
  if (behaviour === "close") socket.destroy();
  else if (behaviour === "reset") socket.resetAndDestroy();
  else if (behaviour !== "hang") {
    const { sqlstate, message } = behaviour;
    socket.once("data", () => socket.end(errorResponse(sqlstate, message)));
  }
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as net.AddressInfo;

/** PostgreSQL's ErrorResponse message, as the server sends it instead of accepting a connection. */
function errorResponse(sqlstate: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${sqlstate}\0M${message}\0\0`);
  const header = Buffer.alloc(5);
  header.write("E");
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

// This file's lib/ modules talk to the stand-in; the real database is reached only through clients made here.
const realDatabaseUrl = process.env.DATABASE_URL!;
process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${port}/dispatch`;
process.env.DB_CONNECT_TIMEOUT_MS = "500";
const { isDatabaseUnavailable } = await import("@/lib/database-unavailable");
const { placeOrder } = await import("@/lib/orders/place-order");
const { pool, prisma } = await import("@/lib/db");
const { closeQueues } = await import("@/lib/queue");
const { shopper } = await import("../support/orders");

/** From now on connections are refused. */
async function stopListening(): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  for (const socket of sockets) socket.destroy();
  await closed;
}

afterAll(async () => {
  if (server.listening) await stopListening();
  await closeQueues();
  await prisma.$disconnect();
});

const checkout = () => ({
  idempotencyKey: randomUUID(),
  ...shopper,
  items: [{ productId: "c000000000000000000000000", quantity: 1 }],
});

/** What `run` rejects with; a fulfilled promise fails the test. */
async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => expect.unreachable("the database answered"),
    (error: unknown) => error,
  );
}

describe("checkout while PostgreSQL cannot be reached or is restarting", () => {
  const outages: [string, Behaviour | "refused"][] = [
    ["accepts connections and never answers (the pool's connection timeout)", "hang"],
    ["drops connections at once", "close"],
    ["resets connections", "reset"],
    ["is starting up", { sqlstate: "57P03", message: "the database system is starting up" }],
    ["is shutting down", { sqlstate: "57P01", message: "terminating connection due to administrator command" }],
    ["has too many connections", { sqlstate: "53300", message: "sorry, too many clients already" }],
    ["does not accept connections to the database", { sqlstate: "55000", message: 'database "dispatch" is not currently accepting connections' }],
    ["is gone (connection refused)", "refused"],
  ];

  it.each(outages)("answers unavailable when the server %s, and the error is recognised through pg and Prisma", async (_label, outage) => {
    if (outage === "refused") await stopListening();
    else behaviour = outage;

    expect(await placeOrder(checkout())).toEqual({ status: "unavailable" });
    expect(isDatabaseUnavailable(await rejection(() => pool.query("SELECT 1")))).toBe(true);
    expect(isDatabaseUnavailable(await rejection(() => prisma.product.findFirst()))).toBe(true);
  });
});

describe("the errors of the real PostgreSQL", () => {
  const database = new URL(realDatabaseUrl).pathname.slice(1);
  const serverUrl = new URL(realDatabaseUrl);
  serverUrl.pathname = "/postgres";

  async function onServer(sql: string): Promise<pg.QueryResult> {
    const client = new pg.Client({ connectionString: serverUrl.toString() });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }

  /** A pool and a Prisma client of their own on the real database, closed afterwards. */
  async function withClients(use: (clients: { pool: pg.Pool; prisma: PrismaClient }) => Promise<void>) {
    const realPool = new pg.Pool({ connectionString: realDatabaseUrl, connectionTimeoutMillis: 2_000 });
    realPool.on("error", () => {}); // a terminated idle connection is what these tests provoke
    const realPrisma = new PrismaClient({ adapter: new PrismaPg(realPool) });
    try {
      await use({ pool: realPool, prisma: realPrisma });
    } finally {
      await realPrisma.$disconnect();
      await realPool.end();
    }
  }

  it("recognises a database that does not accept connections", async () => {
    await onServer(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    try {
      await withClients(async ({ pool: realPool, prisma: realPrisma }) => {
        const driverError = await rejection(() => realPool.query("SELECT 1"));
        expect(driverError).toMatchObject({ code: "55000" });
        expect(isDatabaseUnavailable(driverError)).toBe(true);
        expect(isDatabaseUnavailable(await rejection(() => realPrisma.product.findFirst()))).toBe(true);
      });
    } finally {
      await onServer(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    }
  });

  it("recognises a connection the server terminates in the middle of a statement", async () => {
    await withClients(async ({ pool: realPool, prisma: realPrisma }) => {
      const marker = `outage-${randomUUID()}`;
      const driverQuery = rejection(() => realPool.query(`SELECT pg_sleep(30) -- ${marker}`));
      const prismaQuery = rejection(() => realPrisma.$queryRawUnsafe(`SELECT pg_sleep(30) -- ${marker}`));
      const running = `SELECT count(*)::int AS count FROM pg_stat_activity WHERE query LIKE '%${marker}' AND pid <> pg_backend_pid()`;
      await expect.poll(async () => (await onServer(running)).rows[0].count).toBe(2);
      await onServer(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%${marker}' AND pid <> pg_backend_pid()`);

      const driverError = await driverQuery;
      expect(driverError).toMatchObject({ code: "57P01" });
      expect(isDatabaseUnavailable(driverError)).toBe(true);
      expect(isDatabaseUnavailable(await prismaQuery)).toBe(true);
    });
  });

  it("does not take a statement timeout, a failed statement or a unique violation for an outage", async () => {
    await withClients(async ({ pool: realPool, prisma: realPrisma }) => {
      const client = await realPool.connect();
      try {
        await client.query("SET statement_timeout = 50");
        const timeout = await rejection(() => client.query("SELECT pg_sleep(1)"));
        expect(timeout).toMatchObject({ code: "57014" });
        expect(isDatabaseUnavailable(timeout)).toBe(false);
      } finally {
        client.release();
      }
      const product = await realPrisma.product.findFirstOrThrow();
      for (const error of [
        await rejection(() => realPool.query("SELECT 1/0")),
        await rejection(() => realPool.query("SELECT $1::text", ["\u0000"])),
        await rejection(() => realPrisma.$queryRawUnsafe("SELECT 1/0")),
        await rejection(() => realPrisma.product.create({ data: { ...product, id: undefined } })),
      ]) {
        expect(isDatabaseUnavailable(error), String(error)).toBe(false);
      }
    });
  });
});
