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
    expect(proxyConfig.matcher[0]!.missing![0]!.key).toBe(CART_COOKIE);
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

  it("shows each step once, as done when it was first done", () => {
    const timeline = shopperTimeline("CONFIRMED", [
      { type: "RECEIVED", createdAt: at(0) },
      { type: "QUEUED", createdAt: at(0) },
      { type: "SYNC_STARTED", createdAt: at(1) },
      { type: "SYNC_FAILED", createdAt: at(9) },
      { type: "SYNC_STARTED", createdAt: at(12) },
      { type: "SYNCED", createdAt: at(20) },
      { type: "EMAIL_SENT", createdAt: at(21) },
      { type: "EMAIL_SENT", createdAt: at(40) },
    ]);
    expect(timeline.steps.map((step) => [step.label, step.state, step.at])).toEqual([
      ["Order received", "done", at(0).toISOString()],
      ["Sending to our warehouse", "done", at(20).toISOString()],
      ["Confirmed", "done", at(20).toISOString()],
      ["Confirmation email sent", "done", at(21).toISOString()],
    ]);
    expect(timeline.notice).toBeNull();
    expect(timeline.emailSent).toBe(true);
  });

  it("shows a step as done only once it is, and the one being worked on as in progress", () => {
    const states = (status: Parameters<typeof shopperTimeline>[0], types: Parameters<typeof shopperTimeline>[1][number]["type"][]) =>
      shopperTimeline(status, types.map((type, index) => ({ type, createdAt: at(index) }))).steps.map((step) => step.state);
    expect(states("RECEIVED", ["RECEIVED", "QUEUED"])).toEqual(["done", "current", "ahead", "ahead"]);
    expect(states("SYNCING", ["RECEIVED", "SYNC_STARTED"])).toEqual(["done", "current", "ahead", "ahead"]);
    expect(states("SYNC_RETRYING", ["RECEIVED", "SYNC_STARTED", "SYNC_FAILED"])).toEqual(["done", "current", "ahead", "ahead"]);
    expect(states("SYNCED", ["RECEIVED", "SYNC_STARTED", "SYNCED"])).toEqual(["done", "done", "done", "current"]);
    // Waiting for a person: nothing is in progress, the notice says what happens.
    expect(states("FAILED", ["RECEIVED", "SYNC_STARTED", "SYNC_FAILED", "FAILED"])).toEqual(["done", "ahead", "ahead", "ahead"]);
    expect(states("EMAIL_FAILED", ["RECEIVED", "SYNC_STARTED", "SYNCED", "EMAIL_FAILED"])).toEqual(["done", "done", "done", "ahead"]);
    expect(shopperTimeline("SYNCED", [{ type: "SYNCED", createdAt: at(0) }]).emailSent).toBe(false);
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
