import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, IllegalTransitionError, isSettled, statusesBefore, type OrderStatus } from "@/lib/orders/status";

const all: OrderStatus[] = ["RECEIVED", "SYNCING", "SYNC_RETRYING", "SYNCED", "CONFIRMED", "FAILED"];

describe("order state machine", () => {
  it("allows the happy path and the retry loop", () => {
    const path: [OrderStatus, OrderStatus][] = [
      ["RECEIVED", "SYNCING"],
      ["SYNCING", "SYNC_RETRYING"],
      ["SYNC_RETRYING", "SYNCING"],
      ["SYNCING", "SYNCED"],
      ["SYNCED", "CONFIRMED"],
    ];
    for (const [from, to] of path) expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
  });

  it("lets an attempt restart after its worker died, and lets sync fail", () => {
    expect(canTransition("SYNCING", "SYNCING")).toBe(true);
    expect(canTransition("SYNCING", "FAILED")).toBe(true);
    expect(canTransition("SYNC_RETRYING", "FAILED")).toBe(true);
  });

  it("refuses to skip the ERP; a failed order leaves only through a merchant's retry", () => {
    expect(() => assertTransition("RECEIVED", "SYNCED")).toThrow(IllegalTransitionError);
    expect(() => assertTransition("RECEIVED", "CONFIRMED")).toThrow("cannot go from RECEIVED to CONFIRMED");
    for (const to of all) expect(canTransition("CONFIRMED", to)).toBe(false);
    expect(all.filter((to) => canTransition("FAILED", to))).toEqual(["SYNC_RETRYING"]);
    expect(canTransition("SYNCED", "SYNCING")).toBe(false);
  });

  it("knows where each move may start, for the conditional update that applies it", () => {
    expect(statusesBefore("SYNCING")).toEqual(["RECEIVED", "SYNCING", "SYNC_RETRYING"]);
    expect(statusesBefore("CONFIRMED")).toEqual(["SYNCED"]);
    expect(statusesBefore("RECEIVED")).toEqual([]);
  });

  it("settles only at CONFIRMED and FAILED", () => {
    expect(all.filter(isSettled)).toEqual(["CONFIRMED", "FAILED"]);
  });
});
