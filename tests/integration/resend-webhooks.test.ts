import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/resend/route";
import { attentionGroups } from "@/lib/admin/attention";
import { getOrderDetail } from "@/lib/admin/orders";
import { prisma } from "@/lib/db";
import { receiveResendWebhook } from "@/lib/orders/email-delivery";
import { resendConfirmation } from "@/lib/orders/merchant-actions";
import { sendConfirmation } from "@/lib/orders/send-confirmation";
import { syncOrder } from "@/lib/orders/sync";
import { closeQueues } from "@/lib/queue";
import { config } from "@/lib/config";
import { fakeResend, resendEvent, signedWebhook } from "../support/fake-resend";
import { placedOrder } from "../support/orders";
import { testEnv } from "../test-env";

// The route as Next.js calls it, with webhooks signed as Resend signs them; the emails are the
// ones the real Resend SDK sent to the fake Resend API. No worker: each test takes the steps itself.
afterAll(() => closeQueues());

const secret = testEnv.resendWebhookSecret;
const webhookRequest = (signed: { headers: Record<string, string>; body: string }) =>
  new Request("http://shop.test/api/webhooks/resend", { method: "POST", headers: signed.headers, body: signed.body });
/** Delivers one signed event; returns the status and the body. */
async function deliver(event: unknown, options?: { id?: string }) {
  const response = await POST(webhookRequest(signedWebhook(secret, event, options)));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A confirmed order and the mail API's id of its confirmation. */
async function confirmedOrder() {
  const { id } = await placedOrder();
  expect(await syncOrder(id)).toEqual({ outcome: "synced" });
  expect(await sendConfirmation({ orderId: id }, { lastAttempt: false })).toBe("sent");
  return { id, providerId: await latestProviderId(id) };
}
const latestProviderId = async (orderId: string) => (await prisma.orderEmail.findFirstOrThrow({ where: { orderId }, orderBy: { sentAt: "desc" } })).providerId;
const orderOf = (id: string) => prisma.order.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { sequence: "asc" } }, emails: { orderBy: { sentAt: "asc" } } } });
const seconds = (n: number) => new Date(Date.now() + n * 1000);
const bounce = { type: "Permanent", subType: "General", message: "The recipient's mail server said the mailbox does not exist" };
const mailApi = fakeResend(config().RESEND_BASE_URL);

describe("Resend's delivery webhooks", () => {
  it("record the email's delivery on it and on the order's timeline; the same webhook again changes nothing", async () => {
    const { id, providerId } = await confirmedOrder();
    const delivered = resendEvent("email.delivered", providerId);

    expect(await deliver(delivered, { id: "msg_delivered_once" })).toEqual({ status: 200, body: { outcome: "recorded" } });
    expect(await deliver(delivered, { id: "msg_delivered_once" })).toEqual({ status: 200, body: { outcome: "duplicate" } });

    const order = await orderOf(id);
    expect(order.emails[0]).toMatchObject({ delivery: "DELIVERED", deliveryDetail: null, deliveryAt: new Date(delivered.created_at) });
    expect(order.events.filter((event) => event.type === "EMAIL_DELIVERED").map((event) => event.message)).toEqual([`Confirmation delivered, Resend reported at ${delivered.created_at}`]);
    expect(order.status).toBe("CONFIRMED");
  });

  it("keep the latest report by Resend's clock: one that arrives late replaces nothing", async () => {
    const { id, providerId } = await confirmedOrder();
    expect(await deliver(resendEvent("email.delivered", providerId, { at: seconds(2) }))).toMatchObject({ body: { outcome: "recorded" } });
    expect(await deliver(resendEvent("email.delivery_delayed", providerId, { at: seconds(1) }))).toMatchObject({ status: 200, body: { outcome: "older" } });
    expect(await deliver(resendEvent("email.complained", providerId, { at: seconds(3) }))).toMatchObject({ body: { outcome: "recorded" } });

    const order = await orderOf(id);
    expect(order.emails[0]).toMatchObject({ delivery: "COMPLAINED" });
    expect(order.events.map((event) => event.type).filter((type) => type.startsWith("EMAIL_") && type !== "EMAIL_SENT")).toEqual(["EMAIL_DELIVERED", "EMAIL_COMPLAINED"]);
  });

  it("a bounced confirmation puts the order in Needs attention with the reason; resent and delivered, the status lines follow the timeline", async () => {
    const { id, providerId } = await confirmedOrder();

    expect(await deliver(resendEvent("email.bounced", providerId, { bounce }))).toEqual({ status: 200, body: { outcome: "needs-attention" } });

    const bounced = await orderOf(id);
    expect(bounced).toMatchObject({ status: "EMAIL_FAILED", attentionReason: "EMAIL_BOUNCED", lastError: `Permanent/General: ${bounce.message}` });
    // An entry into Needs attention, as alerts count them (lib/alerts/conditions.ts).
    expect(bounced.attentionSince).toEqual(bounced.updatedAt);
    expect(bounced.events.at(-1)).toMatchObject({ type: "EMAIL_BOUNCED", message: expect.stringMatching(/^Confirmation bounced \(Permanent\/General: .+\), Resend reported at .+\. The order waits for a person\.$/) });
    const group = (await attentionGroups()).find((candidate) => candidate.reason === "EMAIL_BOUNCED");
    expect(group).toMatchObject({ label: "The confirmation email bounced", problem: `Permanent/General: ${bounce.message}` });
    expect(group!.count).toBeGreaterThanOrEqual(1);

    // A merchant resends; the new email is delivered. An old report about the bounced one moves nothing.
    expect(await resendConfirmation(id, "Marta")).toMatchObject({ ok: true });
    expect(await sendConfirmation({ orderId: id }, { lastAttempt: false })).toBe("sent");
    const resentId = await latestProviderId(id);
    expect(resentId).not.toBe(providerId);
    expect(await deliver(resendEvent("email.delivered", resentId))).toMatchObject({ body: { outcome: "recorded" } });
    expect(await deliver(resendEvent("email.bounced", providerId, { bounce, at: seconds(5) }))).toMatchObject({ body: { outcome: "recorded" } });

    const detail = (await getOrderDetail(id))!;
    expect(detail.status).toBe("CONFIRMED");
    expect(detail.events.map((event) => event.type).slice(-6)).toEqual(["EMAIL_SENT", "EMAIL_BOUNCED", "EMAIL_RETRY_REQUESTED", "EMAIL_SENT", "EMAIL_DELIVERED", "EMAIL_BOUNCED"]);
    expect(detail.emails.map(({ providerId: emailId, delivery }) => ({ emailId, delivery }))).toEqual([
      { emailId: providerId, delivery: "BOUNCED" },
      { emailId: resentId, delivery: "DELIVERED" },
    ]);
  });

  it("a bounced delay notice is recorded; the order already waits for a person", async () => {
    const { id } = await placedOrder();
    await prisma.order.update({ where: { id }, data: { status: "FAILED", attentionReason: "ERP_REJECTED", delayNotice: "SENT" } });
    await prisma.orderEmail.create({ data: { orderId: id, kind: "DELAYED", recipient: "ada@example.com", subject: "Taking longer", idempotencyKey: `order-delayed/${id}`, via: "resend", providerId: `delayed-${id}` } });

    expect(await deliver(resendEvent("email.bounced", `delayed-${id}`, { bounce }))).toMatchObject({ body: { outcome: "recorded" } });
    expect(await orderOf(id)).toMatchObject({ status: "FAILED", attentionReason: "ERP_REJECTED", emails: [expect.objectContaining({ delivery: "BOUNCED" })] });
  });

  it("ask again later for a report on an order's email whose record is not written yet, and apply it when it comes again", async () => {
    // The mail API took the confirmation, but its record was not written (the database failed at
    // that moment; the job will send the same key again and record it): the order is still SYNCED.
    const { id, providerId } = await confirmedOrder();
    await prisma.orderEmail.deleteMany({ where: { orderId: id } });
    await prisma.order.update({ where: { id }, data: { status: "SYNCED", emailedAt: null } });
    const sent = (await mailApi.emails()).find((email) => email.id === providerId)!;
    const bounced = resendEvent("email.bounced", providerId, { bounce, tags: sent.tags });

    const early = await deliver(bounced, { id: `msg_early_${id}` });
    expect(early.status).toBe(503);
    expect(early.body.error).toMatch(/not recorded yet/);
    expect(await prisma.emailWebhook.count({ where: { svixId: `msg_early_${id}` } })).toBe(0);

    expect(await sendConfirmation({ orderId: id }, { lastAttempt: false })).toBe("sent");
    expect(await latestProviderId(id)).toBe(providerId);
    expect(await deliver(bounced, { id: `msg_early_${id}` })).toEqual({ status: 200, body: { outcome: "needs-attention" } });
    expect(await orderOf(id)).toMatchObject({ status: "EMAIL_FAILED", attentionReason: "EMAIL_BOUNCED", emails: [expect.objectContaining({ delivery: "BOUNCED" })] });
  });

  it("ignore, with a 200, reports on emails we never sent and events that are not delivery reports", async () => {
    const { id, providerId } = await confirmedOrder();
    const webhooks = await prisma.emailWebhook.count();

    expect(await deliver(resendEvent("email.delivered", "4ef9a417-02e9-4d39-ad75-9611e0fcc33c"))).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    // Tagged as an order's, but of no order here: another shop or environment on the same Resend account.
    const elsewhere = [{ name: "dispatch_order", value: randomUUID() }];
    expect(await deliver(resendEvent("email.delivered", "9b2f0c1e-5d4a-4f7e-8c3b-1a2b3c4d5e6f", { tags: elsewhere }))).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await deliver(resendEvent("email.delivered", "9b2f0c1e-5d4a-4f7e-8c3b-1a2b3c4d5e70", { tags: [{ name: "dispatch_order", value: "not-an-id" }] }))).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await deliver(resendEvent("email.opened", providerId))).toMatchObject({ status: 200, body: { outcome: "ignored" } });

    expect(await prisma.emailWebhook.count()).toBe(webhooks);
    expect((await orderOf(id)).emails[0]!.delivery).toBeNull();
  });

  it("refuse bad input with a 4xx and change nothing; without a secret the endpoint is unavailable", async () => {
    const { id, providerId } = await confirmedOrder();
    const event = resendEvent("email.bounced", providerId, { bounce });
    const signed = signedWebhook(secret, event);
    const before = await orderOf(id);
    const statusOf = async (request: Request) => (await POST(request)).status;

    // Signed with another secret, tampered with, unsigned, stale.
    expect(await statusOf(webhookRequest(signedWebhook("whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==", event)))).toBe(400);
    expect(await statusOf(webhookRequest({ ...signed, body: signed.body.replace("bounced", "delivered") }))).toBe(400);
    expect(await statusOf(webhookRequest({ headers: { "content-type": "application/json" }, body: signed.body }))).toBe(400);
    expect(await statusOf(webhookRequest({ ...signed, headers: { ...signed.headers, "svix-timestamp": String(Math.floor(Date.now() / 1000) - 3600) } }))).toBe(400);
    // Signed, but not what Resend sends.
    expect(await statusOf(webhookRequest(signedWebhook(secret, null, { body: "not json" })))).toBe(400);
    expect(await statusOf(webhookRequest(signedWebhook(secret, { type: "email.bounced", created_at: "yesterday", data: { email_id: providerId } })))).toBe(400);
    expect(await statusOf(webhookRequest(signedWebhook(secret, { type: "email.bounced", data: {} })))).toBe(400);
    expect(await statusOf(webhookRequest(signedWebhook(secret, { ...event, padding: "x".repeat(70_000) })))).toBe(413);
    // Without RESEND_WEBHOOK_SECRET.
    expect((await receiveResendWebhook(webhookRequest(signed), undefined)).status).toBe(503);

    expect(await orderOf(id)).toEqual(before);
    // The genuine one still applies: none of the above used up its svix-id.
    expect((await POST(webhookRequest(signed))).status).toBe(200);
    expect(await orderOf(id)).toMatchObject({ status: "EMAIL_FAILED", attentionReason: "EMAIL_BOUNCED" });
  });
});
