import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LOGIN_ATTEMPTS, loginRetryAfter, recordFailedLogin } from "@/lib/admin/login-limiter";

describe("staff login throttling", () => {
  it("compares at most the allowance when 40 wrong passwords arrive at once from one address", async () => {
    const address = `198.51.100.${randomUUID().slice(0, 4)}`;
    let compared = 0;
    // The login action as it stands: read the count, compare the password, then count the failure.
    const attempt = async () => {
      if ((await loginRetryAfter(address)) > 0) return;
      compared++;
      await recordFailedLogin(address);
    };
    await Promise.all(Array.from({ length: 40 }, attempt));
    expect(compared).toBeGreaterThan(0);
    expect(compared).toBeLessThanOrEqual(LOGIN_ATTEMPTS);
  });
});
