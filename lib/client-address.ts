import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";
import { webConfig } from "./config";

/**
 * Who a request comes from: the one home of that answer (checkout, status and login limits key on it).
 *
 * Next.js shows a route neither the socket's address nor a trustworthy X-Forwarded-For (`next start`
 * keeps whatever the client sent). So server.mjs, our web server, overwrites PEER_HEADER with the
 * socket's address on every request, and only the proxies this shop trusts (TRUSTED_PROXY_HOPS or
 * TRUSTED_PROXIES) may name another client, in TRUSTED_PROXY_HEADER. See docs/decisions/008.
 */
export const PEER_HEADER = "x-dispatch-peer"; // also in server.mjs, which cannot import TypeScript

/** Set by server.mjs: without it PEER_HEADER would be whatever the client sent. */
const SERVED_BY_US = Symbol.for("dispatch.stampsPeer");

export function assertServedWithPeerAddress(): void {
  if (!(globalThis as Record<symbol, unknown>)[SERVED_BY_US]) {
    throw new Error("Start the web app with `node server.mjs` (npm run web): `next start` does not tell the app which address a request came from");
  }
}

let trust: ((address: string, hop: number) => boolean) | undefined;

/** proxy-addr's test of an address at hop i (0 = the socket): a trusted proxy, whose word on the next hop counts. */
function trusted(): (address: string, hop: number) => boolean {
  if (trust) return trust;
  const { TRUSTED_PROXIES, TRUSTED_PROXY_HOPS } = webConfig();
  return (trust = TRUSTED_PROXIES.length ? proxyAddr.compile(TRUSTED_PROXIES) : (_address, hop) => hop < TRUSTED_PROXY_HOPS);
}

/**
 * The client's address, normalised so one client has one spelling (::ffff:1.2.3.4 is 1.2.3.4). An
 * IPv6 client is its /64: a subscriber gets a whole /64, and could otherwise change address per request.
 * A value a proxy passed that is not an IP address falls back to the socket's. "unknown" only where
 * no server.mjs stamped the request (route handlers called directly in tests): one shared client.
 */
export function clientAddress(headers: Headers): string {
  const peer = headers.get(PEER_HEADER) ?? "";
  if (!ipaddr.isValid(peer)) return "unknown";
  const request = { headers: { "x-forwarded-for": headers.get(webConfig().TRUSTED_PROXY_HEADER) ?? "" }, socket: { remoteAddress: peer } };
  const named = proxyAddr(request as unknown as IncomingMessage, trusted());
  const address = ipaddr.process(ipaddr.isValid(named) ? named : peer);
  return address.kind() === "ipv6" ? `${ipaddr.IPv6.networkAddressFromCIDR(`${address}/64`)}/64` : address.toString();
}
