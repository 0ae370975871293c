import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clearFailedLogins, LOGIN_ATTEMPTS, loginRetryAfter, recordFailedLogin } from "@/lib/admin/login-limiter";

describe("admin login rate limit", () => {
  it("makes an address wait after too many wrong passwords, and forgets them after a success", async () => {
    const address = `198.51.100.${randomUUID().slice(0, 4)}`;
    const waits: number[] = [];
    for (let attempt = 0; attempt < LOGIN_ATTEMPTS; attempt++) waits.push(await recordFailedLogin(address));

    expect(waits.slice(0, -1)).toEqual(Array(LOGIN_ATTEMPTS - 1).fill(0));
    expect(await loginRetryAfter(address)).toBeGreaterThan(60);
    expect(await loginRetryAfter(`${address}-other`)).toBe(0);

    await clearFailedLogins(address);
    expect(await loginRetryAfter(address)).toBe(0);
  });
});
