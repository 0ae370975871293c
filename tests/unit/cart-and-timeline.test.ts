import { describe, expect, it } from "vitest";
import { parseCart, serializeCart, withQuantity } from "@/lib/cart";
import { notices, shopperTimeline } from "@/lib/orders/timeline";

describe("cart cookie", () => {
  it("round-trips and treats garbage as an empty cart", () => {
    const lines = [{ productId: "mug", quantity: 2 }];
    expect(parseCart(serializeCart(lines))).toEqual(lines);
    expect(parseCart("not-base64-json")).toEqual([]);
    expect(parseCart(serializeCart([{ productId: "mug", quantity: -3 }]))).toEqual([]);
    expect(parseCart(undefined)).toEqual([]);
  });

  it("adds, changes and removes lines in place", () => {
    let lines = withQuantity([], "mug", 1);
    lines = withQuantity(lines, "dripper", 2);
    lines = withQuantity(lines, "mug", 5);
    expect(lines).toEqual([
      { productId: "mug", quantity: 5 },
      { productId: "dripper", quantity: 2 },
    ]);
    expect(withQuantity(lines, "mug", 0)).toEqual([{ productId: "dripper", quantity: 2 }]);
    expect(withQuantity(lines, "mug", 500)[0]).toEqual({ productId: "mug", quantity: 99 });
  });
});

describe("shopper timeline", () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 28, 12, 0, seconds));

  it("shows each step once, when it was first reached", () => {
    const timeline = shopperTimeline("CONFIRMED", [
      { type: "RECEIVED", createdAt: at(0) },
      { type: "QUEUED", createdAt: at(0) },
      { type: "SYNC_STARTED", createdAt: at(1) },
      { type: "SYNC_FAILED", createdAt: at(9) },
      { type: "SYNC_STARTED", createdAt: at(12) },
      { type: "SYNCED", createdAt: at(20) },
      { type: "EMAIL_SENT", createdAt: at(21) },
    ]);
    expect(timeline.steps.map((step) => [step.label, step.at])).toEqual([
      ["Order received", at(0).toISOString()],
      ["Sending to our warehouse", at(1).toISOString()],
      ["Confirmed", at(20).toISOString()],
      ["Confirmation email sent", at(21).toISOString()],
    ]);
    expect(timeline.notice).toBeNull();
  });

  it("warns of a delay while retrying and explains a failure", () => {
    const events = [
      { type: "RECEIVED" as const, createdAt: at(0) },
      { type: "SYNC_STARTED" as const, createdAt: at(1) },
      { type: "SYNC_FAILED" as const, createdAt: at(9) },
    ];
    expect(shopperTimeline("SYNC_RETRYING", events).notice).toBe(notices.delayed);
    expect(shopperTimeline("FAILED", events).notice).toBe(notices.failed);
    expect(shopperTimeline("EMAIL_FAILED", [...events, { type: "SYNCED" as const, createdAt: at(20) }]).notice).toBe(notices.emailFailed);
    expect(shopperTimeline("SYNCING", events.slice(0, 2)).notice).toBeNull();
  });
});
