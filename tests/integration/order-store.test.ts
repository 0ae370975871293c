import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { pool, prisma } from "@/lib/db";
import { applyMove, loadOrder } from "@/lib/orders/store";
import { closeQueues } from "@/lib/queue";
import { placedOrder } from "../support/orders";

afterAll(() => closeQueues());

const stateOf = (id: string) => prisma.order.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { sequence: "asc" } } } });

describe("a move", () => {
  it("changes the status, the version and what is owed, with its events, in one statement", async () => {
    const { id } = await placedOrder();
    const read = (await loadOrder(id))!;

    const moved = await applyMove(read, "startSync", { type: "SYNC_STARTED", message: "Sending" }, { dueInMs: 60_000, countAttempt: true, erpRequest: "{}" });

    expect(moved).toEqual({ version: read.version + 1, erpRequest: "{}" });
    const order = await stateOf(id);
    expect(order).toMatchObject({ status: "SYNCING", syncAttempts: 1, erpRequest: "{}" });
    expect(order.workDueAt!.getTime() - order.updatedAt.getTime()).toBe(60_000);
    expect(order.events.map((event) => event.type)).toEqual(["RECEIVED", "SYNC_STARTED"]);
  });

  it("keeps the ERP body of the first attempt", async () => {
    const { id } = await placedOrder();
    const first = await applyMove((await loadOrder(id))!, "startSync", { type: "SYNC_STARTED", message: "1" }, { dueInMs: 1, erpRequest: "first" });
    const again = await applyMove({ id, status: "SYNCING", version: first!.version }, "startSync", { type: "SYNC_STARTED", message: "2" }, { dueInMs: 1, erpRequest: "second" });
    expect(again?.erpRequest).toBe("first");
  });

  it("is refused, changing nothing, when the order is no longer as its mover read it", async () => {
    const { id } = await placedOrder();
    const read = (await loadOrder(id))!;
    await applyMove(read, "startSync", { type: "SYNC_STARTED", message: "first run" }, { dueInMs: 1 });

    expect(await applyMove(read, "startSync", { type: "SYNC_STARTED", message: "second run" }, { dueInMs: 1 })).toBeNull();

    const order = await stateOf(id);
    expect(order.version).toBe(read.version + 1);
    expect(order.events.filter((event) => event.type === "SYNC_STARTED").map((event) => event.message)).toEqual(["first run"]);
  });

  it("is refused where the state machine does not allow it", async () => {
    const { id } = await placedOrder();
    expect(await applyMove((await loadOrder(id))!, "confirm", { type: "EMAIL_SENT", message: "Sent" }, { dueInMs: null, emailed: true })).toBeNull();
    const order = await stateOf(id);
    expect(order).toMatchObject({ status: "RECEIVED", emailedAt: null });
    expect(order.events.map((event) => event.type)).toEqual(["RECEIVED"]);
  });
});

describe("the database pool", () => {
  it("survives PostgreSQL ending a connection that is checked out between statements, as in a restart", async () => {
    const client = await pool.connect(); // as Kysely and Prisma hold one for a statement
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const admin = new pg.Client({ connectionString: config().DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    await admin.end();
    await expect.poll(() => (client as unknown as { _queryable: boolean })._queryable).toBe(false);
    client.release();

    expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
  });

  it("gives up on a statement that runs past DB_STATEMENT_TIMEOUT_MS instead of waiting on it", async () => {
    const seconds = (config().DB_STATEMENT_TIMEOUT_MS / 1000) * 3;
    await expect(pool.query(`SELECT pg_sleep(${seconds})`)).rejects.toThrow(/statement timeout/);
  });
});
