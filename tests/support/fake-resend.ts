import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Resend's HTTP API, so tests run the real Resend SDK (pointed here through
 * RESEND_BASE_URL). Like Resend, it answers a repeated Idempotency-Key with the first email's id.
 * Tests read what was sent and make it fail through /_test endpoints.
 */
export interface FakeEmail {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
}

export async function startFakeResend(port = 0) {
  const sent: FakeEmail[] = [];
  /** Statuses to answer the next POST /emails with, one each, before answering normally again. */
  let failures: number[] = [];

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(payload));
    };

    if (request.method === "POST" && request.url === "/emails") {
      if (request.headers.authorization !== "Bearer re_test_key") return reply(401, { name: "missing_api_key", message: "Invalid API key", statusCode: 401 });
      const status = failures.shift();
      if (status) return reply(status, { name: "application_error", message: `Injected failure ${status}`, statusCode: status });
      const key = (request.headers["idempotency-key"] as string | undefined) ?? null;
      const earlier = key ? sent.find((email) => email.idempotencyKey === key) : undefined;
      if (earlier) return reply(200, { id: earlier.id });
      const email = JSON.parse(body) as Omit<FakeEmail, "id" | "idempotencyKey" | "to"> & { to: string | string[] };
      const id = `email_${sent.length + 1}`;
      sent.push({ ...email, id, idempotencyKey: key, to: ([] as string[]).concat(email.to) });
      return reply(200, { id });
    }
    if (request.method === "GET" && request.url === "/_test/emails") return reply(200, sent);
    if (request.method === "POST" && request.url === "/_test/fail") {
      failures = (JSON.parse(body) as { statuses: number[] }).statuses;
      return reply(200, { failures });
    }
    reply(404, { name: "not_found", message: "Not found", statusCode: 404 });
  });

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Test-side helpers that talk to a fake started elsewhere (global setup), over HTTP. */
export const fakeResend = (url: string) => ({
  emails: async (): Promise<FakeEmail[]> => (await fetch(`${url}/_test/emails`)).json(),
  failNext: async (...statuses: number[]) => {
    await fetch(`${url}/_test/fail`, { method: "POST", body: JSON.stringify({ statuses }) });
  },
});
