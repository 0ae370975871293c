import { createHash, timingSafeEqual } from "node:crypto";
import { realpathSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { EnvError, readErpEnv } from "./env";
import {
  DEFAULT_SETTINGS,
  ErpSimulator,
  parseSettingsPatch,
  type ErpSettings,
  type OutageStatus,
  type SubmitOutcome,
} from "./simulator";

/**
 * HTTP face of the ERP simulator (node:http only: it stands for a foreign system and must not
 * lean on the shop's code). `tsx erp/server.ts` runs it from ERP_* variables; tests start it
 * in-process with startErpSimulator({ port: 0, latencyMs: 50, quiet: true }).
 */

export interface ErpSimulatorOptions extends Partial<ErpSettings> {
  port?: number;
  host?: string;
  /** No per-request log lines. */
  quiet?: boolean;
  /** Bearer token for the controls and the stored orders; without one they answer 401 to everyone. */
  controlToken?: string;
  log?: (line: string) => void;
}

export interface RunningErpSimulator {
  url: string;
  port: number;
  /** Stops accepting, lets requests already in hand finish, then resolves. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Machine-readable reason in every error body, so a client need not parse the words. */
type ErrorCode =
  | "invalid_request"
  | "idempotency_conflict"
  | "invalid_postal_code"
  | "unknown_sku"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "proxy_auth_required"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "outage"
  | "internal_error"
  | "cancelled";

const error = (status: number, code: ErrorCode, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { error: message, code },
  headers,
});

/** How each outage looks from outside; the headers are those HTTP requires with that status. */
const OUTAGE_REPLIES: Record<OutageStatus, { code: ErrorCode; message: string; headers?: Record<string, string> }> = {
  401: { code: "unauthorized", message: "ERP refused the credentials", headers: { "www-authenticate": 'Bearer realm="erp"' } },
  403: { code: "forbidden", message: "ERP refused access to this client" },
  404: { code: "not_found", message: "ERP endpoint not found" },
  // Empty Allow: the resource is disabled by configuration, no method would do.
  405: { code: "method_not_allowed", message: "ERP endpoint disabled", headers: { allow: "" } },
  407: {
    code: "proxy_auth_required",
    message: "gateway requires proxy authentication",
    headers: { "proxy-authenticate": 'Basic realm="gateway"' },
  },
  429: { code: "rate_limited", message: "ERP rate limit exceeded" },
  500: { code: "outage", message: "ERP internal error (outage)" },
  502: { code: "outage", message: "ERP gateway got no valid answer (outage)" },
  503: { code: "outage", message: "ERP unavailable (outage)" },
  504: { code: "outage", message: "ERP gateway timed out (outage)" },
};

function outageReply(status: OutageStatus): Reply {
  const { code, message, headers } = OUTAGE_REPLIES[status];
  return error(status, code, message, headers);
}

const tooLarge = () => error(413, "payload_too_large", `body exceeds ${MAX_BODY_BYTES} bytes`);

/**
 * Reads the whole body, or undefined past the limit. It keeps draining after the limit (without
 * buffering) so the client finishes sending and can read the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function orderReply(outcome: SubmitOutcome): Reply {
  switch (outcome.kind) {
    case "created":
    case "replayed": {
      const { reference, receivedAt } = outcome;
      const created = outcome.kind === "created";
      return {
        status: created ? 201 : 200,
        body: { reference, receivedAt },
        headers: { location: `/orders/${reference}`, ...(created ? {} : { "idempotent-replayed": "true" }) },
      };
    }
    case "invalid":
      return error(400, "invalid_request", outcome.error);
    case "conflict":
      return error(422, "idempotency_conflict", "Idempotency-Key was already used with a different body");
    case "rejected":
      return error(422, "invalid_postal_code", `postal code ${outcome.postalCode} is not valid for ${outcome.country}`);
    case "unknown-sku":
      return error(422, "unknown_sku", `unknown SKU ${outcome.sku}`);
    case "outage":
      return outageReply(outcome.status);
    case "failed":
      return error(500, "internal_error", "ERP internal error (injected failure)");
    case "cancelled":
      return error(503, "cancelled", "ERP was reset while this order was waiting");
  }
}

/** What only the shop's admin and tests may use: the knobs, and what customers' orders hold. */
const isControl = (method: string, path: string) =>
  ["/control", "/reset", "/stats"].includes(path) || (method === "GET" && (path === "/orders" || path.startsWith("/orders/")));

const digest = (value: string) => createHash("sha256").update(value).digest();

function controlRefusal(req: IncomingMessage, token: string | undefined): Reply | undefined {
  const challenge = { "www-authenticate": 'Bearer realm="erp-simulator"' };
  if (!token) return error(401, "unauthorized", "the controls are off: start the simulator with ERP_CONTROL_TOKEN", challenge);
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  // Digests, so the comparison takes the same time whatever was sent.
  if (!given || !timingSafeEqual(digest(given), digest(token))) return error(401, "unauthorized", "send the control token as a bearer token", challenge);
  return undefined;
}

/** application/json exactly (parameters allowed): a cross-site form can send text/plain, never this without a preflight. */
const isJson = (contentType: string | undefined) => contentType?.split(";")[0]!.trim().toLowerCase() === "application/json";

async function route(sim: ErpSimulator, req: IncomingMessage, path: string, controlToken: string | undefined): Promise<Reply> {
  const method = req.method ?? "GET";
  const only = (allowed: string) => error(405, "method_not_allowed", `use ${allowed} ${path}`, { allow: allowed });
  if (isControl(method, path)) {
    const refusal = controlRefusal(req, controlToken);
    if (refusal) return refusal;
  }
  if (method === "POST" && !isJson(req.headers["content-type"])) return error(415, "unsupported_media_type", "send application/json");

  if (path === "/orders") {
    if (method === "GET") return { status: 200, body: sim.list() };
    if (method !== "POST") return only("GET, POST");
    const body = await readBody(req);
    if (body === undefined) return tooLarge();
    const key = req.headers["idempotency-key"];
    return orderReply(await sim.submit(typeof key === "string" ? key : undefined, body));
  }
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (order?.[1]) {
    if (method !== "GET") return only("GET");
    const reference = decodeURIComponent(order[1]);
    const record = sim.find(reference);
    return record ? { status: 200, body: record } : error(404, "not_found", `no order with reference ${reference}`);
  }
  if (path === "/control") {
    if (method === "GET") return { status: 200, body: sim.settings };
    if (method !== "POST") return only("GET, POST");
    const body = await readBody(req);
    if (body === undefined) return tooLarge();
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch {
      return error(400, "invalid_request", "body must be valid JSON");
    }
    const patch = parseSettingsPatch(input);
    return patch.ok ? { status: 200, body: sim.configure(patch.value) } : error(400, "invalid_request", patch.error);
  }
  if (path === "/stats") return method === "GET" ? { status: 200, body: sim.stats() } : only("GET");
  if (path === "/health") {
    if (method !== "GET") return only("GET");
    // The health check sits behind the same gateway and credentials, so an outage shows there alike.
    return sim.checkHealth() ? { status: 200, body: { ok: true } } : outageReply(sim.settings.outageStatus);
  }
  if (path === "/reset") {
    if (method !== "POST") return only("POST");
    sim.reset();
    return { status: 200, body: { ok: true } };
  }
  return error(404, "not_found", `no route ${method} ${path}`);
}

export async function startErpSimulator(options: ErpSimulatorOptions = {}): Promise<RunningErpSimulator> {
  const { port = 4010, host = "127.0.0.1", quiet = false, log = console.log, controlToken } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`port must be 0..65535, got ${port}`);
  const settings: ErpSettings = {
    latencyMs: options.latencyMs ?? DEFAULT_SETTINGS.latencyMs,
    failureRate: options.failureRate ?? DEFAULT_SETTINGS.failureRate,
    outage: options.outage ?? DEFAULT_SETTINGS.outage,
    outageStatus: options.outageStatus ?? DEFAULT_SETTINGS.outageStatus,
    retryAfterSeconds: options.retryAfterSeconds ?? DEFAULT_SETTINGS.retryAfterSeconds,
    rejectPostalCodes: options.rejectPostalCodes ?? DEFAULT_SETTINGS.rejectPostalCodes,
    unknownSkus: options.unknownSkus ?? DEFAULT_SETTINGS.unknownSkus,
  };
  const checked = parseSettingsPatch(settings);
  if (!checked.ok) throw new RangeError(checked.error);

  const sim = new ErpSimulator(settings);
  let closing = false;

  const server = createServer((req, res: ServerResponse) => {
    const started = performance.now();
    const path = new URL(req.url ?? "/", "http://erp").pathname;
    res.on("close", () => {
      if (quiet) return;
      const status = res.writableFinished ? res.statusCode : "aborted";
      log(`${req.method} ${path} ${status} ${Math.round(performance.now() - started)}ms`);
    });
    route(sim, req, path, controlToken)
      .catch((err: unknown): Reply => {
        if (err instanceof URIError) return error(404, "not_found", `bad reference in ${path}`);
        if (req.destroyed) return error(400, "invalid_request", "request aborted"); // never sent: the client is gone
        console.error("ERP simulator: unexpected error", err);
        return error(500, "internal_error", "unexpected simulator error");
      })
      .then((reply) => {
        // A client that gave up gets nothing; the order was still recorded (that is the point).
        if (res.destroyed || res.headersSent) return;
        const payload = JSON.stringify(reply.body);
        const { retryAfterSeconds } = sim.settings;
        const askToWait = retryAfterSeconds > 0 && (reply.status === 429 || reply.status === 503);
        res.writeHead(reply.status, {
          "content-type": "application/json; charset=utf-8",
          "content-length": String(Buffer.byteLength(payload)),
          // While shutting down, end keep-alive connections after this reply so close() can finish.
          ...(closing ? { connection: "close" } : {}),
          ...(askToWait ? { "retry-after": String(retryAfterSeconds) } : {}),
          ...reply.headers,
        });
        res.end(payload);
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    close() {
      // Memoised: a teardown and a signal handler may both ask.
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      })
        // Orders whose clients already left would otherwise keep their timers (and the process) alive.
        .finally(() => sim.reset());
      return closed;
    },
  };
}

async function main(): Promise<void> {
  let env;
  try {
    env = readErpEnv();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(`ERP simulator: invalid environment: ${err.message}`);
    process.exit(1);
  }
  const { port, host, quiet, controlToken, ...settings } = env;
  let erp: RunningErpSimulator;
  try {
    erp = await startErpSimulator({ ...settings, port, host, quiet, controlToken });
  } catch (err) {
    console.error(`ERP simulator: cannot listen on ${env.host}:${env.port}: ${(err as Error).message}`);
    process.exit(1);
  }
  console.log(`ERP simulator on ${erp.url}, settings ${JSON.stringify(settings)}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // second signal: don't wait for slow orders
    stopping = true;
    console.log(`ERP simulator: ${signal}, finishing requests in hand`);
    erp.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("ERP simulator: close failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** True when run as `tsx erp/server.ts`, false when imported (tests, scripts). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
