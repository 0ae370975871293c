import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "svix";

/**
 * A stand-in for Resend's HTTP API, so tests run the real Resend SDK (pointed here through
 * RESEND_BASE_URL). Like Resend, it answers a repeated Idempotency-Key with the first email's id.
 * Tests read what was sent and make it fail or hang through /_test endpoints.
 */
export interface FakeEmail {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** As sent: Resend's webhooks carry them back, as an object of name → value. */
  tags?: { name: string; value: string }[];
}

interface HeldSend {
  headers: IncomingHttpHeaders;
  body: string;
  response: ServerResponse;
}

export async function startFakeResend(port = 0) {
  const sent: FakeEmail[] = [];
  // By key, as the real API dedupes: a search of `sent` grows with every email (the benchmark sends tens of thousands).
  const sentByKey = new Map<string, FakeEmail>();
  /** Statuses to answer the next POST /emails with, one each, before answering normally again. */
  let failures: number[] = [];
  /** While on, POST /emails is taken in and never answered: a mail API that hangs. */
  let hanging = false;
  let heldSends: HeldSend[] = [];

  const reply = (response: ServerResponse, status: number, payload: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(payload));
  };

  function send({ headers, body, response }: HeldSend) {
    if (headers.authorization !== "Bearer re_test_key") return reply(response, 401, { name: "missing_api_key", message: "Invalid API key", statusCode: 401 });
    const status = failures.shift();
    if (status) return reply(response, status, { name: "application_error", message: `Injected failure ${status}`, statusCode: status });
    const key = (headers["idempotency-key"] as string | undefined) ?? null;
    const earlier = key ? sentByKey.get(key) : undefined;
    if (earlier) return reply(response, 200, { id: earlier.id });
    const email = JSON.parse(body) as Omit<FakeEmail, "id" | "idempotencyKey" | "to"> & { to: string | string[] };
    const id = `email_${sent.length + 1}`;
    const accepted = { ...email, id, idempotencyKey: key, to: ([] as string[]).concat(email.to) };
    sent.push(accepted);
    if (key) sentByKey.set(key, accepted);
    return reply(response, 200, { id });
  }

  /** Ends a hang: sends whose client still waits are handled as if just arrived; the others are dropped unsent. */
  function release() {
    const released = heldSends;
    heldSends = [];
    for (const held of released) {
      const clientLeft = !held.response.socket || held.response.socket.destroyed;
      if (clientLeft) held.response.destroy();
      else send(held);
    }
  }

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");

    if (request.method === "POST" && request.url === "/emails") {
      if (hanging) heldSends.push({ headers: request.headers, body, response });
      else send({ headers: request.headers, body, response });
      return;
    }
    if (request.method === "GET" && request.url === "/_test/emails") return reply(response, 200, sent);
    if (request.method === "POST" && request.url === "/_test/fail") {
      failures = (JSON.parse(body) as { statuses: number[] }).statuses;
      return reply(response, 200, { failures });
    }
    if (request.method === "POST" && request.url === "/_test/hang") {
      hanging = (JSON.parse(body) as { on: boolean }).on;
      if (!hanging) release();
      return reply(response, 200, { on: hanging });
    }
    if (request.method === "GET" && request.url === "/_test/hang") return reply(response, 200, { on: hanging, held: heldSends.length });
    reply(response, 404, { name: "not_found", message: "Not found", statusCode: 404 });
  });

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // sends still held by a hang never finish on their own
      }),
  };
}

/** Test-side helpers that talk to a fake started elsewhere (global setup), over HTTP. */
export const fakeResend = (url: string) => ({
  emails: async (): Promise<FakeEmail[]> => (await fetch(`${url}/_test/emails`)).json(),
  failNext: async (...statuses: number[]) => {
    await fetch(`${url}/_test/fail`, { method: "POST", body: JSON.stringify({ statuses }) });
  },
  /** Turns the hang on or off; turning it off answers the sends held meanwhile (or drops those whose client left). */
  hang: async (on: boolean) => {
    await fetch(`${url}/_test/hang`, { method: "POST", body: JSON.stringify({ on }) });
  },
  /** How many sends the hang holds right now. */
  held: async (): Promise<number> => ((await (await fetch(`${url}/_test/hang`)).json()) as { held: number }).held,
});

/** A delivery report as Resend sends it about one email: `email.delivered`, `email.bounced`… */
export function resendEvent(
  type: string,
  emailId: string,
  { at = new Date(), bounce, tags }: { at?: Date; bounce?: { type: string; subType: string; message: string }; tags?: FakeEmail["tags"] } = {},
) {
  return {
    type,
    created_at: at.toISOString(),
    data: {
      email_id: emailId,
      created_at: at.toISOString(),
      from: "Dispatch <orders@dispatch.localhost>",
      to: ["ada@example.com"],
      subject: "Order",
      ...(bounce && { bounce }),
      ...(tags && { tags: Object.fromEntries(tags.map(({ name, value }) => [name, value])) }),
    },
  };
}

let webhookCount = 0;

/** A webhook signed as Resend signs them (Svix): its headers and body; `id` is the svix-id, new by default. */
export function signedWebhook(secret: string, event: unknown, { id = `msg_${process.pid}_${Date.now()}_${++webhookCount}`, body = JSON.stringify(event) } = {}) {
  const timestamp = new Date();
  const headers = {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "svix-signature": new Webhook(secret).sign(id, timestamp, body),
  };
  return { id, headers, body };
}

/** Sends a signed webhook to the app's endpoint over HTTP, as Resend would. */
export async function deliverWebhook(url: string, secret: string, event: unknown, options?: { id?: string }) {
  const { headers, body } = signedWebhook(secret, event, options);
  return fetch(url, { method: "POST", headers, body });
}
