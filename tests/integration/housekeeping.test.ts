import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { WEBHOOK_MEMORY_DAYS } from "@/lib/orders/store";
import { closeQueues } from "@/lib/queue";
import { sweep } from "@/worker/sweeper";

afterAll(async () => {
  await closeQueues();
});

const ago = (ms: number) => new Date(Date.now() - ms);
const DAY = 24 * 3600 * 1000;

describe("the sweep deletes what nothing can use any more, and nothing else", () => {
  it("expired staff sessions and links, and mail webhooks older than any redelivery", async () => {
    const staff = await prisma.staff.create({ data: { id: randomUUID(), name: "Sweep Tester", email: `sweep-${randomUUID()}@shop.test` } });
    const session = (expiresAt: Date) => ({ id: randomUUID(), token: randomUUID(), expiresAt, staffId: staff.id });
    const [expiredSession, liveSession] = [session(ago(60_000)), session(new Date(Date.now() + 3600_000))];
    await prisma.staffSession.createMany({ data: [expiredSession, liveSession] });
    const link = (expiresAt: Date) => ({ id: randomUUID(), identifier: `invite-${randomUUID()}`, value: "{}", expiresAt });
    const [expiredLink, liveLink] = [link(ago(60_000)), link(new Date(Date.now() + DAY))];
    await prisma.staffVerification.createMany({ data: [expiredLink, liveLink] });
    const webhook = (receivedAt: Date) => ({ svixId: `msg_${randomUUID()}`, type: "email.delivered", receivedAt });
    const [oldWebhook, recentWebhook] = [webhook(ago((WEBHOOK_MEMORY_DAYS + 1) * DAY)), webhook(ago((WEBHOOK_MEMORY_DAYS - 1) * DAY))];
    await prisma.emailWebhook.createMany({ data: [oldWebhook, recentWebhook] });

    const summary = await sweep();

    expect(summary).toMatchObject({ expiredStaffSessions: expect.any(Number), expiredStaffLinks: expect.any(Number), forgottenWebhooks: expect.any(Number) });
    expect(summary.expiredStaffSessions).toBeGreaterThanOrEqual(1);
    expect(summary.expiredStaffLinks).toBeGreaterThanOrEqual(1);
    expect(summary.forgottenWebhooks).toBeGreaterThanOrEqual(1);
    expect((await prisma.staffSession.findMany({ where: { staffId: staff.id } })).map((row) => row.id)).toEqual([liveSession.id]);
    const links = await prisma.staffVerification.findMany({ where: { id: { in: [expiredLink.id, liveLink.id] } } });
    expect(links.map((row) => row.id)).toEqual([liveLink.id]);
    const webhooks = await prisma.emailWebhook.findMany({ where: { svixId: { in: [oldWebhook.svixId, recentWebhook.svixId] } } });
    expect(webhooks.map((row) => row.svixId)).toEqual([recentWebhook.svixId]);
  });
});
