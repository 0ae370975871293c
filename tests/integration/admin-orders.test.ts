import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getOrderDetail, listOrders, parseOrderListQuery } from "@/lib/admin/orders";
import { prisma } from "@/lib/db";
import { formatOrderNumber } from "@/lib/orders/format";
import { orderRow } from "../support/orders";

// Orders written straight to the database: this file tests the admin's reading of them.
const tag = randomUUID().slice(0, 8);
const digitsTag = String(Math.floor(Math.random() * 1e9)).padStart(9, "1");
const email = `list-${tag}-${digitsTag}@example.com`;
let ids: string[] = [];

beforeAll(async () => {
  const statuses = ["FAILED", "CONFIRMED", "FAILED", "RECEIVED", "FAILED"] as const;
  ids = [];
  for (const [index, status] of statuses.entries()) {
    const order = await orderRow(
      {
        email,
        name: `Shopper ${index} ${tag}`,
        addressLine1: "1 Test Street",
        status,
        lastError: status === "FAILED" ? "ERP answered 503" : null,
        createdAt: new Date(Date.UTC(2030, 0, 1, 12, index)),
      },
      2,
    );
    ids.push(order.id);
  }
});

describe("the admin's order list", () => {
  it("filters by status and searches by email, newest first, with counts per status", async () => {
    const list = await listOrders({ status: "FAILED", search: email });

    expect(list.rows.map((row) => row.id)).toEqual([ids[4], ids[2], ids[0]]);
    expect(list.rows[0]).toMatchObject({ customer: `Shopper 4 ${tag}`, items: 2, status: "FAILED", lastError: "ERP answered 503", timeToSyncMs: null });
    expect(list.counts).toMatchObject({ FAILED: 3, CONFIRMED: 1, RECEIVED: 1, SYNCING: 0 });
  });

  it("finds an order by its number, with or without the prefix", async () => {
    const order = await prisma.order.findUniqueOrThrow({ where: { id: ids[1]! } });
    expect((await listOrders({ search: formatOrderNumber(order.number) })).rows.map((row) => row.id)).toEqual([ids[1]]);
    // Bare digits may also be part of someone's email address.
    expect((await listOrders({ search: String(order.number) })).rows.map((row) => row.id)).toContain(ids[1]);
  });

  it("finds an order by #number and DSP number, and by the customer's name", async () => {
    const order = await prisma.order.findUniqueOrThrow({ where: { id: ids[3]! } });
    for (const search of [`#${order.number}`, `DSP ${order.number}`, `dsp-${order.number}`]) {
      expect((await listOrders({ search })).rows.map((row) => row.id), search).toEqual([ids[3]]);
    }
    expect((await listOrders({ search: `shopper 3 ${tag}` })).rows.map((row) => row.id)).toEqual([ids[3]]);
  });

  it("matches a number in email addresses too", async () => {
    expect((await listOrders({ search: digitsTag })).rows.map((row) => row.id)).toEqual([...ids].reverse());
  });

  it("takes % and _ literally, not as wildcards", async () => {
    expect((await listOrders({ search: "%" })).rows).toEqual([]);
    expect((await listOrders({ search: email.replace("-", "_") })).rows).toEqual([]);
    expect((await listOrders({ search: `${tag.slice(0, 3)}%${tag.slice(4)}` })).rows).toEqual([]);
  });

  it("pages through with a cursor, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listOrders({ search: email, cursor, limit: 2 });
      seen.push(...page.rows.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("ignores unknown statuses and blank searches, and takes back the cursors it gives out", async () => {
    expect(parseOrderListQuery(new URLSearchParams("status=NOPE&q=%20"))).toEqual({ ok: true, query: { status: undefined, search: undefined, cursor: undefined } });
    const { nextCursor } = await listOrders({ search: email, limit: 2 });
    expect(parseOrderListQuery(new URLSearchParams({ status: "FAILED", q: email, cursor: nextCursor! }))).toEqual({
      ok: true,
      query: { status: "FAILED", search: email, cursor: nextCursor },
    });
  });

  it("refuses malformed cursors and searches before they reach PostgreSQL", async () => {
    const cursor = (text: string) => Buffer.from(text).toString("base64url");
    const malformed = [
      "%%%",
      cursor("2030-01-01T12:00:00.000Z|not-a-uuid"),
      cursor(`2030-01-01T12:00:00.000Z|${"-".repeat(36)}`),
      cursor(`2030-01-01T12:00:00.000Z|${randomUUID()}\u0000`),
      cursor(`yesterday|${randomUUID()}`),
      cursor(`+275760-09-13T00:00:00.000Z|${randomUUID()}`),
      cursor(`2030-01-01T12:00:00.000Z|${randomUUID()}|more`),
    ];
    for (const value of malformed) {
      expect(parseOrderListQuery(new URLSearchParams({ cursor: value })), value).toEqual({ ok: false, error: "That page of orders does not exist; start again from the first page" });
      // A caller that skips the parsing gets the first page, not a database error.
      expect((await listOrders({ search: email, cursor: value })).rows, value).toHaveLength(ids.length);
    }
    expect(parseOrderListQuery(new URLSearchParams({ q: "ada\u0000@example.com" }))).toEqual({ ok: false, error: "Search for an order number, an email address or a name, without control characters" });
  });

  it("shows an order's items, timeline and jobs, and nothing for an unknown id", async () => {
    const detail = await getOrderDetail(ids[0]!);
    expect(detail).toMatchObject({ status: "FAILED", can: { retrySync: true, resendEmail: false }, items: [{ quantity: 2 }] });
    expect(detail?.jobs).toEqual([null, null]);
    expect(detail?.shippingAddress).toEqual([`Shopper 0 ${tag}`, "1 Test Street", "10115 Berlin", "Germany"]);
    expect(await getOrderDetail(randomUUID())).toBeNull();
    for (const id of ["not-an-id", "-".repeat(36), `${randomUUID().slice(0, 35)}\u0000`, `${randomUUID()} `]) {
      expect(await getOrderDetail(id), id).toBeNull();
    }
  });
});
