import { afterEach, describe, expect, it, vi } from "vitest";

// lib/client-address.ts with the trust settings each case names (the config is parsed once per module load).
async function clientAddressWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import("@/lib/client-address")).clientAddress;
}

const request = (peer: string, headers: Record<string, string> = {}) => new Headers({ "x-dispatch-peer": peer, ...headers });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the client address", () => {
  it("is the socket's when no proxy is trusted, whatever X-Forwarded-For says", async () => {
    const clientAddress = await clientAddressWith({});
    const rotated = ["203.0.113.1", "203.0.113.2", "10.0.0.1, 198.51.100.9", "x".repeat(8192)].map((forwarded) =>
      clientAddress(request("192.0.2.10", { "x-forwarded-for": forwarded })),
    );
    expect(new Set(rotated)).toEqual(new Set(["192.0.2.10"]));
  });

  it("is the last hop's word when one proxy is trusted, and the socket's when that word is not an address", async () => {
    const clientAddress = await clientAddressWith({ TRUSTED_PROXY_HOPS: "1" });
    expect(clientAddress(request("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.2", { "x-forwarded-for": "x".repeat(8192) }))).toBe("10.0.0.2");
    expect(clientAddress(request("10.0.0.2", { "x-forwarded-for": "203.0.113.7, <script>" }))).toBe("10.0.0.2");
    expect(clientAddress(request("10.0.0.2"))).toBe("10.0.0.2");
  });

  it("walks back through a CDN when two hops are trusted", async () => {
    const clientAddress = await clientAddressWith({ TRUSTED_PROXY_HOPS: "2" });
    expect(clientAddress(request("10.0.0.2", { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 198.51.100.1" }))).toBe("203.0.113.7");
  });

  it("trusts only proxies inside TRUSTED_PROXIES, from the socket back", async () => {
    const clientAddress = await clientAddressWith({ TRUSTED_PROXIES: "10.0.0.0/8, 198.51.100.0/24" });
    expect(clientAddress(request("10.1.2.3", { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 198.51.100.1" }))).toBe("203.0.113.7");
    // A stranger's own X-Forwarded-For counts for nothing.
    expect(clientAddress(request("203.0.113.50", { "x-forwarded-for": "198.51.100.1" }))).toBe("203.0.113.50");
  });

  it("reads the header the proxy is said to set", async () => {
    const clientAddress = await clientAddressWith({ TRUSTED_PROXY_HOPS: "1", TRUSTED_PROXY_HEADER: "x-client-ip" });
    // A client's own X-Client-IP comes first; the router's value is the last.
    expect(clientAddress(request("127.0.0.1", { "x-client-ip": "6.6.6.6, 203.0.113.7", "x-forwarded-for": "6.6.6.7" }))).toBe("203.0.113.7");
  });

  it("spells one client one way: IPv4-mapped IPv6 is IPv4, IPv6 is its /64", async () => {
    const clientAddress = await clientAddressWith({});
    expect(clientAddress(request("::ffff:192.0.2.10"))).toBe("192.0.2.10");
    expect(clientAddress(request("2001:db8:1:2:aaaa::1"))).toBe("2001:db8:1:2::/64");
    expect(clientAddress(request("2001:db8:1:2:bbbb::9"))).toBe("2001:db8:1:2::/64");
  });

  it("is unknown without the server's stamp, never a header the client chose", async () => {
    const clientAddress = await clientAddressWith({});
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("unknown");
  });
});

describe("the trust settings", () => {
  const load = async (env: Record<string, string>) => {
    vi.resetModules();
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    return (await import("@/lib/config")).webConfig();
  };

  it("refuses a proxy list that is not addresses, and hops and a list together", async () => {
    await expect(load({ TRUSTED_PROXIES: "10.0.0.0/8, example.com" })).rejects.toThrow(/TRUSTED_PROXIES: must be comma-separated IP addresses or CIDRs/);
    await expect(load({ TRUSTED_PROXIES: "10.0.0.0/8", TRUSTED_PROXY_HOPS: "1" })).rejects.toThrow(/set TRUSTED_PROXY_HOPS or TRUSTED_PROXIES, not both/);
  });
});
