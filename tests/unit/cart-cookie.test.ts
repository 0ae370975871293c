import { afterEach, describe, expect, it, vi } from "vitest";

async function cookieOptionsAt(appUrl: string) {
  vi.resetModules();
  vi.stubEnv("APP_URL", appUrl);
  return (await import("@/lib/cart/cookie")).cartCookieOptions();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the cart cookie", () => {
  it("is Secure wherever shoppers reach the shop over https (production allows nothing else but this machine)", async () => {
    expect(await cookieOptionsAt("https://shop.example")).toMatchObject({ secure: true, httpOnly: true, sameSite: "lax" });
    expect(await cookieOptionsAt("http://localhost:3000")).toMatchObject({ secure: false });
  });
});
