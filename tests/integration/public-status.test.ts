import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { getPublicOrderStatus } from "@/lib/orders/public-status";
import { closeQueues } from "@/lib/queue";
import { placedOrder } from "../support/orders";

afterAll(async () => {
  await closeQueues();
});

describe("the shopper's status", () => {
  it("shows the shopper's order and nothing the merchant sees", async () => {
    const { id, publicToken } = await placedOrder();
    await prisma.order.update({ where: { id }, data: { lastError: "ERP answered 503: secret detail", erpReference: "ERP-424242" } });
    await prisma.orderEvent.create({ data: { orderId: id, type: "RETRY_REQUESTED", message: "Sync retry requested", actor: "Marta" } });

    const status = await getPublicOrderStatus(publicToken);

    expect(Object.keys(status!).sort()).toEqual(["email", "emailSent", "emails", "items", "notice", "number", "placedAt", "settled", "status", "steps", "total"]);
    const json = JSON.stringify(status);
    for (const internal of ["secret detail", "ERP-424242", "Marta", id]) expect(json).not.toContain(internal);
  });

  it("answers unknown and malformed tokens alike, with nothing", async () => {
    expect(await getPublicOrderStatus("a".repeat(32))).toBeNull();
    expect(await getPublicOrderStatus("../../etc/passwd")).toBeNull();
    expect(await getPublicOrderStatus("")).toBeNull();
  });
});
