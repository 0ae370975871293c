// The design Dispatch replaces, for `npm run bench` only: a checkout that calls the ERP before it
// answers. The same validation, pricing and order row as POST /api/orders, then the worker's own
// sync step in the request. Run as its own process: `node --import tsx bench/inline-checkout.ts`.
import { createServer } from "node:http";
import { config } from "../lib/config";
import { placeOrder } from "../lib/orders/place-order";
import { syncOrder } from "../lib/orders/sync";

const server = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const reply = (status: number, body: object) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  try {
    const order = JSON.parse(Buffer.concat(chunks).toString("utf8")) as object;
    const result = await placeOrder({ ...order, idempotencyKey: request.headers["idempotency-key"] });
    if (result.status !== "created") return reply(422, { error: result.status });
    const synced = await syncOrder(result.order.id);
    reply(synced.outcome === "synced" ? 201 : 502, { token: result.order.publicToken });
  } catch (error) {
    reply(500, { error: (error as Error).message });
  }
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`inline checkout on ${config().APP_URL}`));
