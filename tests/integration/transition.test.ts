import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { IllegalTransitionError } from "@/lib/orders/status";
import { moveOrder } from "@/lib/orders/transition";
import { closeQueues } from "@/lib/queue";
import { placedOrder } from "../support/orders";

afterAll(() => closeQueues());

const receivedOrder = async () => (await placedOrder()).id;

const stateOf = (id: string) => prisma.order.findUniqueOrThrow({ where: { id }, include: { events: true } });

describe("moveOrder", () => {
  it("moves the order and writes its event together", async () => {
    const id = await receivedOrder();
    await moveOrder(id, "SYNCING", { type: "SYNC_STARTED", message: "Sending" }, { countAttempt: true });

    const order = await stateOf(id);
    expect(order.status).toBe("SYNCING");
    expect(order.syncAttempts).toBe(1);
    expect(order.events.map((event) => event.type).sort()).toEqual(["RECEIVED", "SYNC_STARTED"]);
  });

  it("refuses a move the state machine does not allow, and changes nothing", async () => {
    const id = await receivedOrder();

    await expect(moveOrder(id, "CONFIRMED", { type: "EMAIL_SENT", message: "Sent" }, { emailedAt: new Date() })).rejects.toThrow(IllegalTransitionError);

    const order = await stateOf(id);
    expect(order.status).toBe("RECEIVED");
    expect(order.emailedAt).toBeNull();
    expect(order.events.map((event) => event.type)).toEqual(["RECEIVED"]);
  });
});
