import { describe, expect, it } from "vitest";
import { canMove, isSettled, moves, orderStatuses, owesSync, type MoveName } from "@/lib/orders/state-machine";

const from = (move: MoveName) => orderStatuses.filter((status) => canMove(status, move));

describe("order state machine", () => {
  it("walks the happy path and the retry loop, one named move at a time", () => {
    expect(moves.startSync.to).toBe("SYNCING");
    expect(from("startSync")).toEqual(["RECEIVED", "SYNCING", "SYNC_RETRYING"]);
    expect(from("syncSucceeded")).toEqual(["SYNCING"]);
    expect(from("scheduleRetry")).toEqual(["SYNCING"]);
    expect(from("confirm")).toEqual(["SYNCED"]);
  });

  it("stops for a person only from where work is owed, and only a person's retry or resolution moves it on", () => {
    expect(from("stopSync")).toEqual(["RECEIVED", "SYNCING", "SYNC_RETRYING"]);
    expect(from("stopEmail")).toEqual(["SYNCED"]);
    const leavingFailed = (Object.keys(moves) as MoveName[]).filter((move) => canMove("FAILED", move));
    expect(leavingFailed).toEqual(["retrySync", "resolveSyncByHand"]);
    const leavingEmailFailed = (Object.keys(moves) as MoveName[]).filter((move) => canMove("EMAIL_FAILED", move));
    expect(leavingEmailFailed).toEqual(["retryEmail", "resolveEmailByHand"]);
  });

  it("leaves CONFIRMED only for a person when its confirmation bounced, and never skips the ERP", () => {
    expect((Object.keys(moves) as MoveName[]).filter((move) => canMove("CONFIRMED", move))).toEqual(["confirmationBounced"]);
    expect(moves.confirmationBounced).toEqual({ from: ["SYNCED", "CONFIRMED"], to: "EMAIL_FAILED" });
    // SYNCED after an ERP answer, after a failed email, or after a person entered it in the ERP by hand.
    const intoSynced = (Object.keys(moves) as MoveName[]).filter((move) => moves[move].to === "SYNCED");
    expect(intoSynced).toEqual(["syncSucceeded", "retryEmail", "resolveSyncByHand"]);
    expect(from("resolveSyncByHand")).toEqual(["FAILED"]);
  });

  it("settles where nothing more happens on its own, and owes the ERP until it is there", () => {
    expect(orderStatuses.filter(isSettled)).toEqual(["CONFIRMED", "EMAIL_FAILED", "FAILED"]);
    expect(orderStatuses.filter(owesSync)).toEqual(["RECEIVED", "SYNCING", "SYNC_RETRYING"]);
  });
});
