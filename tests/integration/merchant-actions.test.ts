import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { getOrderDetail } from "@/lib/admin/orders";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { correctOrder, mapProductSku, noteOrder, resendConfirmation, resolveByHand, retryAllFailed, retrySync, takeOrder } from "@/lib/orders/merchant-actions";
import { closeQueues } from "@/lib/queue";
import { startWorkers, type RunningWorkers } from "@/worker/workers";
import { erpSimulator } from "../support/erp";
import { fakeResend } from "../support/fake-resend";
import { orderRow, placedOrder, waitForStatus } from "../support/orders";

const erp = erpSimulator(config().ERP_URL);
const resend = fakeResend(config().RESEND_BASE_URL);
let workers: RunningWorkers;

beforeAll(() => {
  workers = startWorkers();
});
afterEach(() => erp.control({ outage: false, rejectPostalCodes: [], unknownSkus: [] }));
afterAll(async () => {
  await workers.close();
  await closeQueues();
});

/** An order the ERP refused; the refusal rule is lifted again by the test that needs it. */
async function failedOrder() {
  await erp.control({ rejectPostalCodes: ["99999"] });
  const { id } = await placedOrder({ postalCode: "99999" });
  await waitForStatus(id, ["FAILED"]);
  return id;
}

/** The order's recipient fields as the admin's correction form submits them (text, empty for none). */
const recipientOf = ({ email, name, addressLine1, addressLine2, city, postalCode, country }: Record<string, unknown>) => ({ email, name, addressLine1, addressLine2: addressLine2 ?? "", city, postalCode, country });

const events = (orderId: string) => prisma.orderEvent.findMany({ where: { orderId }, orderBy: { sequence: "asc" } });

describe("merchant actions", () => {
  it("Retry sync sends a failed order to the ERP again, in the merchant's name", async () => {
    const id = await failedOrder();
    await erp.control({ rejectPostalCodes: [] });

    const result = await retrySync(id, "Marta");

    expect(result).toMatchObject({ ok: true });
    const order = await waitForStatus(id, ["CONFIRMED"]);
    expect(order.erpReference).toMatch(/^ERP-/);
    const request = (await events(id)).find((event) => event.type === "RETRY_REQUESTED");
    expect(request).toMatchObject({ actor: "Marta", message: "Sync retry requested" });
  });

  it("is idempotent: a second click while the retry runs changes nothing", async () => {
    const id = await failedOrder();
    await erp.control({ rejectPostalCodes: [], latencyMs: 300 });
    try {
      await retrySync(id, "Marta");
      const again = await retrySync(id, "Marta");

      expect(again).toEqual({ ok: true, message: expect.stringContaining("already on its way") });
      await waitForStatus(id, ["CONFIRMED"]);
      expect((await events(id)).filter((event) => event.type === "RETRY_REQUESTED")).toHaveLength(1);
    } finally {
      await erp.control({ latencyMs: 0 });
    }
  });

  it("refuses to retry an order that has not failed", async () => {
    const { id } = await placedOrder();
    await waitForStatus(id, ["CONFIRMED"]);

    expect(await retrySync(id, "Marta")).toEqual({ ok: false, message: expect.stringContaining("has not failed") });
    expect(await retrySync("00000000-0000-0000-0000-000000000000", "Marta")).toEqual({ ok: false, message: "No such order" });
    // An id no order can have (a forged action call) is no order, not a database error.
    for (const id of ["-".repeat(36), "x\u0000", ""]) {
      expect(await retrySync(id, "Marta")).toEqual({ ok: false, message: "No such order" });
      expect(await resendConfirmation(id, "Marta")).toEqual({ ok: false, message: "No such order" });
    }
  });

  it("a refused order is corrected, then retried: the ERP gets the corrected body, the timeline says who changed what", async () => {
    const id = await failedOrder(); // the ERP still refuses 99999 throughout
    const before = await prisma.order.findUniqueOrThrow({ where: { id } });
    expect((await getOrderDetail(id))!.can.correct).toBe(true);

    const corrected = await correctOrder(id, { ...recipientOf(before), postalCode: "10117", city: "Berlin-Mitte" }, "Marta");
    expect(corrected).toMatchObject({ ok: true });
    const detail = (await getOrderDetail(id))!;
    expect(JSON.parse(detail.nextErpRequest).shippingAddress).toMatchObject({ postalCode: "10117", city: "Berlin-Mitte" });
    const correction = (await events(id)).find((event) => event.type === "CORRECTED");
    expect(correction).toMatchObject({ actor: "Marta" });
    expect(correction!.message).toContain(`Postal code: 99999 → 10117`);
    expect(correction!.message).toContain(`City: ${before.city} → Berlin-Mitte`);

    await retrySync(id, "Marta");
    const order = await waitForStatus(id, ["CONFIRMED"]);
    const record = (await erp.records()).find((entry) => entry.reference === order.erpReference);
    expect(record!.order).toMatchObject({ shippingAddress: { postalCode: "10117", city: "Berlin-Mitte" } });
  });

  it("a product the ERP does not know is mapped to the ERP's SKU: the refused orders holding it and every later order send it, each refused one's timeline says who changed what", async () => {
    const mug = await prisma.product.findUniqueOrThrow({ where: { slug: "stoneware-mug" } });
    await erp.control({ unknownSkus: [mug.sku] });
    const refused = await Promise.all([placedOrder(), placedOrder()]);
    for (const { id } of refused) expect(await waitForStatus(id, ["FAILED"])).toMatchObject({ attentionReason: "ERP_REJECTED", lastError: `ERP answered 422: unknown SKU ${mug.sku}` });
    onTestFinished(() => prisma.product.update({ where: { id: mug.id }, data: { erpSku: null } }).then(() => undefined));

    // Other tests' refused orders with a mug count too: every refused order holding it is rebuilt.
    const refusedWithMug = await prisma.order.count({ where: { status: "FAILED", attentionReason: "ERP_REJECTED", items: { some: { productId: mug.id } } } });
    expect(refusedWithMug).toBeGreaterThanOrEqual(refused.length);
    const mapped = await mapProductSku(mug.id, "  MUG-ERP-7 ", "Marta");
    expect(mapped).toEqual({ ok: true, message: `${mug.name} goes to the ERP as MUG-ERP-7; ${refusedWithMug} orders the ERP refused now send it: Retry sync, or replay their group in Needs attention` });
    for (const { id } of refused) {
      const detail = (await getOrderDetail(id))!;
      expect(detail.items.find((item) => item.productId === mug.id)).toMatchObject({ sku: mug.sku, erpSku: "MUG-ERP-7" });
      expect(JSON.parse(detail.nextErpRequest).items.map((item: { sku: string }) => item.sku)).toEqual(["BRW-PO-01", "MUG-ERP-7"]);
      expect((await events(id)).filter((event) => event.type === "CORRECTED")).toEqual([expect.objectContaining({ actor: "Marta", message: `ERP SKU of ${mug.name}: ${mug.sku} → MUG-ERP-7` })]);
    }

    // The ERP still does not know the old SKU: the retries and a new order get through only with the mapping.
    for (const { id } of refused) await retrySync(id, "Marta");
    const later = await placedOrder();
    for (const { id } of [...refused, later]) {
      const order = await waitForStatus(id, ["CONFIRMED", "FAILED"]);
      expect(order.status).toBe("CONFIRMED");
      const record = (await erp.records()).find((entry) => entry.reference === order.erpReference)!;
      expect((record.order.items as { sku: string }[]).map((item) => item.sku)).toEqual(["BRW-PO-01", "MUG-ERP-7"]);
    }
    expect((await events(later.id)).filter((event) => event.type === "CORRECTED")).toHaveLength(0);
  });

  it("a SKU mapping is validated, refuses a SKU another product goes by, and changes nothing when refused", async () => {
    const mug = await prisma.product.findUniqueOrThrow({ where: { slug: "stoneware-mug" } });
    const dripper = await prisma.product.findUniqueOrThrow({ where: { slug: "pour-over-dripper" } });
    const refusals: [unknown, unknown, string][] = [
      [mug.id, "", "Enter the ERP's SKU"],
      [mug.id, "   ", "Enter the ERP's SKU"],
      [mug.id, "MUG\u0000", "The SKU has invisible characters"],
      [mug.id, "M".repeat(65), "Keep the SKU under 64 characters"],
      [mug.id, 42, expect.any(String) as unknown as string],
      [mug.id, mug.sku, "Nothing changed"],
      [mug.id, dripper.sku, `Another product goes to the ERP as ${dripper.sku}`],
      ["no-such-product", "MUG-1", "No such product"],
      [{ id: mug.id }, "MUG-1", "No such product"],
    ];
    for (const [productId, sku, message] of refusals) expect(await mapProductSku(productId, sku, "Marta"), String(sku)).toEqual({ ok: false, message });
    expect(await prisma.product.findUniqueOrThrow({ where: { id: mug.id } })).toEqual(mug);
  });

  it("a correction is validated as checkout validates, and changes nothing when refused", async () => {
    const id = await failedOrder();
    const before = await prisma.order.findUniqueOrThrow({ where: { id } });

    const refused = await correctOrder(id, { ...recipientOf(before), email: "not-an-email", postalCode: "99999\u0000" }, "Marta");
    expect(refused).toMatchObject({ ok: false, fieldErrors: { email: [expect.any(String)], postalCode: expect.arrayContaining([expect.any(String)]) } });
    expect(await correctOrder(id, recipientOf(before), "Marta")).toEqual({ ok: false, message: "Nothing changed" });
    expect(await correctOrder(id, "not an object", "Marta")).toMatchObject({ ok: false });
    expect((await prisma.order.findUniqueOrThrow({ where: { id } })).version).toBe(before.version);
  });

  it("only an order the ERP refused can be corrected: one it may hold keeps the body it was first sent with", async () => {
    const id = await failedOrder();
    await prisma.$executeRaw`UPDATE "Order" SET "attentionReason" = 'SYNC_DEADLINE' WHERE id = ${id}::uuid`;
    const before = await prisma.order.findUniqueOrThrow({ where: { id } });

    expect((await getOrderDetail(id))!.can.correct).toBe(false);
    expect(await correctOrder(id, { ...recipientOf(before), postalCode: "10117" }, "Marta")).toEqual({
      ok: false,
      message: expect.stringContaining("may already hold"),
    });
    const { id: confirmed } = await placedOrder();
    await waitForStatus(confirmed, ["CONFIRMED"]);
    expect(await correctOrder(confirmed, { ...recipientOf(before), postalCode: "10117" }, "Marta")).toMatchObject({ ok: false });
  });

  it("a merchant takes an order that waits for a person, and another can take it over", async () => {
    const id = await failedOrder();
    expect(await takeOrder(id, "Marta")).toMatchObject({ ok: true, message: expect.stringContaining("is yours") });
    expect(await takeOrder(id, "Marta")).toMatchObject({ ok: true, message: expect.stringContaining("already yours") });
    expect(await takeOrder(id, "Bob")).toMatchObject({ ok: true });
    expect((await prisma.order.findUniqueOrThrow({ where: { id } })).assignee).toBe("Bob");
    const taken = (await events(id)).filter((event) => event.type === "ASSIGNED");
    expect(taken.map(({ actor, message }) => [actor, message])).toEqual([
      ["Marta", "Taken"],
      ["Bob", "Taken over from Marta"],
    ]);

    const { id: confirmed } = await placedOrder();
    await waitForStatus(confirmed, ["CONFIRMED"]);
    expect(await takeOrder(confirmed, "Marta")).toMatchObject({ ok: false, message: expect.stringContaining("no longer waits") });
  });

  it("notes go on the timeline in the merchant's name; empty or invisible ones are refused", async () => {
    const id = await failedOrder();
    expect(await noteOrder(id, "  Called the shopper: new postcode on its way  ", "Marta")).toEqual({ ok: true, message: "Note added" });
    for (const bad of ["", "   ", "a\u0000b", "x".repeat(1001), 42]) expect((await noteOrder(id, bad, "Marta")).ok).toBe(false);
    expect((await events(id)).filter((event) => event.type === "NOTE").map(({ actor, message }) => [actor, message])).toEqual([["Marta", "Called the shopper: new postcode on its way"]]);
  });

  it("a failed order entered in the ERP by hand is resolved with its reference, and the shopper gets the confirmation", async () => {
    const id = await failedOrder();
    expect(await resolveByHand(id, { note: "Phoned it in" }, "Marta")).toMatchObject({ ok: false, message: expect.stringContaining("reference") });

    expect(await resolveByHand(id, { note: "Phoned it in", erpReference: "ERP-HAND-7" }, "Marta")).toMatchObject({ ok: true });
    const order = await waitForStatus(id, ["CONFIRMED"]);
    expect(order).toMatchObject({ erpReference: "ERP-HAND-7", attentionReason: null, lastError: null });
    const resolved = order.events.find((event) => event.type === "RESOLVED");
    expect(resolved).toMatchObject({ actor: "Marta", message: "Entered in the ERP by hand as ERP-HAND-7: Phoned it in" });
    // The delay notice's job runs alongside: sent before the resolution or just after it, it is on the timeline either way.
    expect(order.events.map((event) => event.type).filter((type) => type !== "DELAY_NOTICE_SENT").slice(-3)).toEqual(["RESOLVED", "SYNCED", "EMAIL_SENT"]);
    // Nothing more went to the ERP for it.
    expect((await erp.records()).filter((record) => record.order.orderId === id)).toEqual([]);
  });

  it("an order whose email failed for good is resolved once the shopper was told another way", async () => {
    const { id } = await placedOrder();
    await waitForStatus(id, ["CONFIRMED"]);
    await prisma.$executeRaw`UPDATE "Order" SET status = 'EMAIL_FAILED', "attentionReason" = 'EMAIL_FAILED' WHERE id = ${id}::uuid`;

    expect(await resolveByHand(id, { note: "Told her by phone" }, "Marta")).toMatchObject({ ok: true });
    const order = await prisma.order.findUniqueOrThrow({ where: { id } });
    expect(order).toMatchObject({ status: "CONFIRMED", attentionReason: null, workDueAt: null });
    expect(await resolveByHand(id, { note: "again" }, "Marta")).toMatchObject({ ok: false, message: expect.stringContaining("does not wait") });
  });

  it("Retry all failed queues every failed order", async () => {
    const ids = [await failedOrder(), await failedOrder()];
    await erp.control({ rejectPostalCodes: [] });

    const result = await retryAllFailed("Marta");

    expect(result.message).toMatch(/^\d+ failed orders? queued again$/);
    for (const id of ids) await waitForStatus(id, ["CONFIRMED"]);
  });

  it("Resend confirmation emails a confirmed order again, once per request", async () => {
    const { id } = await placedOrder();
    await waitForStatus(id, ["CONFIRMED"]);
    const sentTo = async () => (await resend.emails()).filter((mail) => mail.idempotencyKey?.startsWith(`order-confirmation/${id}`));

    const first = await resendConfirmation(id, "Marta");
    const second = await resendConfirmation(id, "Marta");

    expect(first).toMatchObject({ ok: true });
    expect(second.message).toContain("already on its way");
    await expect.poll(async () => (await sentTo()).length, { timeout: 10_000 }).toBe(2);
    await expect.poll(async () => (await events(id)).filter((event) => event.type === "EMAIL_SENT").length).toBe(2);
    const log = await events(id);
    expect(log.find((event) => event.type === "EMAIL_RESEND_REQUESTED")?.actor).toBe("Marta");
    expect(log.at(-1)?.message).toMatch(/^Confirmation re-sent to/);
    expect((await prisma.order.findUniqueOrThrow({ where: { id } })).status).toBe("CONFIRMED");

    // The admin shows the emails as they went out, one per send, with the mail API's ids.
    const detail = await getOrderDetail(id);
    const ids = (await sentTo()).map((mail) => mail.id).sort();
    expect(detail!.emails.map((email) => email.providerId).sort()).toEqual(ids);
    expect(detail!.emails[0]).toMatchObject({ kind: "CONFIRMATION", subject: expect.stringMatching(/^Order DSP-\d+ is confirmed$/), via: "resend" });
    expect(new Set(detail!.emails.map((email) => email.recipient))).toEqual(new Set([(await prisma.order.findUniqueOrThrow({ where: { id } })).email]));
  });

  it("an order that sent no email shows none", async () => {
    const { id } = await orderRow();
    expect((await getOrderDetail(id))!.emails).toEqual([]);
  });
});
