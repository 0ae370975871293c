#!/usr/bin/env node
// The web app's server (`npm run web`, `npm start`, `npm run dev -- …`, the tests, Upsun): Next.js
// behind node:http, so the app learns which address each request came from. Next shows a route no
// socket, and `next start` passes on an X-Forwarded-For the client wrote itself. We overwrite one
// header with the socket's address on every request; lib/client-address.ts decides from it and from
// the proxies the shop trusts. See docs/decisions/008-the-edge.md.
//   node server.mjs [-p PORT] [-H HOSTNAME] [--dev]
import { createServer } from "node:http";
import { constants } from "node:os";
import { parseArgs } from "node:util";

/** Must equal PEER_HEADER in lib/client-address.ts. */
const PEER_HEADER = "x-dispatch-peer";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H" },
    dev: { type: "boolean", default: false },
  },
});
const port = Number(values.port);
// As `next start` does: a built app always runs as production.
if (!values.dev) process.env.NODE_ENV = "production";
// lib/client-address.ts refuses to serve without this mark (a bare `next start` would trust the client's header).
globalThis[Symbol.for("dispatch.stampsPeer")] = true;

const { default: next } = await import("next");
const server = createServer((request, response) => {
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? "";
  handle(request, response);
});
const app = next({ dev: values.dev, hostname: values.hostname ?? "localhost", port, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();

// As `next start` does: stop taking connections, let the requests in flight finish (within Upsun's
// 15 s grace), then exit as terminated by the signal.
const FINISH_REQUESTS_MS = 10_000;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    const exit = () => process.exit(128 + constants.signals[signal]);
    server.close(exit);
    setTimeout(exit, FINISH_REQUESTS_MS).unref();
  });
}

server.listen(port, values.hostname, () => console.log(`web app ready on http://${values.hostname ?? "localhost"}:${port}`));
