import { beforeAll, describe, expect, it } from "vitest";
import { attentionCount, attentionGroupOrders, attentionGroups } from "@/lib/admin/attention";
import { prisma } from "@/lib/db";
import { letterTag, orderRow } from "../support/orders";

// Orders written straight to the database, as the worker leaves them: this file tests the inbox's reading.
const tag = letterTag();
const refused = (postalCode: string) => `ERP answered 422: postal code ${postalCode} is not valid for ${tag}`;
let ids: Record<string, string> = {};

async function waitingOrder(name: string, minute: number, fields: { status: "FAILED" | "EMAIL_FAILED" | "CONFIRMED"; attentionReason: "ERP_REJECTED" | "EMAIL_FAILED" | null; lastError: string | null }) {
  const order = await orderRow({ email: `${name}@example.com`, name: `${name} ${tag}`, ...fields, createdAt: new Date(Date.UTC(2001, 0, 1, 12, minute)) });
  ids[name] = order.id;
}

beforeAll(async () => {
  ids = {};
  await waitingOrder("second", 2, { status: "FAILED", attentionReason: "ERP_REJECTED", lastError: refused("88888") });
  await waitingOrder("first", 1, { status: "FAILED", attentionReason: "ERP_REJECTED", lastError: refused("99999") });
  await waitingOrder("third", 3, { status: "FAILED", attentionReason: "ERP_REJECTED", lastError: refused("N1 9GU") });
  await waitingOrder("mail", 0, { status: "EMAIL_FAILED", attentionReason: "EMAIL_FAILED", lastError: `Resend refused the email: mail@example.com is suppressed ${tag}` });
  // Confirmed since: no longer waits, whatever its last error said.
  await waitingOrder("done", 4, { status: "CONFIRMED", attentionReason: null, lastError: refused("77777") });
});

describe("the Needs attention inbox", () => {
  it("groups orders refused for the same reason, whatever differs per order, oldest first", async () => {
    const groups = (await attentionGroups()).filter((group) => group.problem.endsWith(tag));
    expect(groups.map(({ label, problem, count }) => ({ label, problem, count }))).toEqual([
      { label: "The confirmation email failed on every attempt", problem: `Resend refused the email: … is suppressed ${tag}`, count: 1 },
      { label: "Refused by the ERP", problem: `ERP answered 422: postal code … is not valid for ${tag}`, count: 3 },
    ]);
    expect(groups[1]!.oldestAt).toBe(new Date(Date.UTC(2001, 0, 1, 12, 1)).toISOString());
    // Oldest first across all groups.
    const all = await attentionGroups();
    expect(all.map((group) => group.oldestAt)).toEqual([...all.map((group) => group.oldestAt)].sort());
  });

  it("lists a group's orders oldest first, and nothing for a stale key", async () => {
    const refusedGroup = (await attentionGroups()).find((group) => group.problem === `ERP answered 422: postal code … is not valid for ${tag}`)!;
    const listed = await attentionGroupOrders(refusedGroup.key);
    expect(listed!.orders.map((order) => order.id)).toEqual([ids.first, ids.second, ids.third]);
    expect(await attentionGroupOrders("ERP_REJECTED:no such problem")).toBeNull();
  });

  it("counts every order waiting for a person", async () => {
    const waiting = await prisma.order.count({ where: { status: { in: ["FAILED", "EMAIL_FAILED"] } } });
    expect(waiting).toBeGreaterThanOrEqual(4);
    expect(await attentionCount()).toBe(waiting);
  });
});
