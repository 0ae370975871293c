import { describe, expect, it } from "vitest";
import { CART_COOKIE, cartCookieValue, cartIdFrom, newCartId, nextCartId } from "@/lib/cart/cookie";
import { config as proxyConfig } from "@/proxy";
import { notices, shopperTimeline } from "@/lib/orders/timeline";

describe("cart cookie", () => {
  it("holds a signed cart id; a forged, altered or malformed one names no cart", () => {
    const cartId = newCartId();
    const value = cartCookieValue(cartId);
    expect(cartIdFrom(value)).toBe(cartId);
    expect(cartIdFrom(`${newCartId()}.${value.split(".")[1]}`)).toBeUndefined();
    expect(cartIdFrom(`${cartId}.forged`)).toBeUndefined();
    expect(cartIdFrom("not-a-cart")).toBeUndefined();
    expect(cartIdFrom(undefined)).toBeUndefined();
  });

  it("is the cookie the proxy hands out only while it is missing", () => {
    expect(proxyConfig.matcher[0]!.missing[0]!.key).toBe(CART_COOKIE);
  });

  it("derives the same next cart for an ordered one, a valid uuid", () => {
    const cartId = newCartId();
    expect(nextCartId(cartId)).toBe(nextCartId(cartId));
    expect(nextCartId(cartId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nextCartId(cartId)).not.toBe(cartId);
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
