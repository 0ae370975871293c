import { describe, expect, it } from "vitest";
import { cappedBackoff } from "@/lib/queue";

describe("retry backoff", () => {
  it("doubles from the base and stops at the cap", () => {
    const longest = (attempt: number) => cappedBackoff(attempt, 2_000, 60_000, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7, 12].map(longest)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it("spreads retries over the last 30% below the ceiling", () => {
    expect(cappedBackoff(3, 2_000, 60_000, () => 1)).toBe(5_600);
    expect(cappedBackoff(3, 2_000, 60_000, () => 0.5)).toBe(6_800);
  });
});
