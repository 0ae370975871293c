import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookDelivery {
  /** What the receiver answered. */
  status: number;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
}

/** A local HTTP endpoint standing in for Slack or an on-call tool: records every POST, can fail the next ones. */
export async function startWebhookReceiver() {
  const deliveries: WebhookDelivery[] = [];
  let failures: number[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const status = failures.shift() ?? 200;
    deliveries.push({ status, idempotencyKey: request.headers["idempotency-key"] as string | undefined, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    response.writeHead(status, { "content-type": "text/plain" });
    response.end(status === 200 ? "ok" : "failed");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`,
    /** Every POST so far, answered or failed; `alertId` keeps one test's. */
    deliveries: (alertId?: string) => deliveries.filter((delivery) => !alertId || delivery.body.alertId === alertId),
    /** The next POSTs get these statuses, one each. */
    failNext: (...statuses: number[]) => void (failures = statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
