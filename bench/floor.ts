import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { generatorMeter, quantile } from "./checkout";
import { cpuMeter } from "./shop";

export interface FloorResult {
  loops: number;
  seconds: number;
  ordersPerSecond: number;
  p50: number;
  p99: number;
}

/**
 * The floor of a checkout: the order's one database transaction and one BullMQ add, in `loops`
 * loops in this process, with no HTTP, no framework, no validation or pricing. Needs the bench
 * environment in process.env before it is first called.
 */
export async function checkoutFloor(body: string, loops: number, seconds: number): Promise<FloorResult> {
  const { recordPricedOrder } = await import("../lib/orders/place-order");
  const { checkoutSchema, requestHash } = await import("../lib/orders/checkout");
  const { priceCart } = await import("../lib/orders/pricing");
  const { enqueue, QueueName } = await import("../lib/queue");

  const input = checkoutSchema.parse({ ...JSON.parse(body), idempotencyKey: randomUUID() });
  const priced = await priceCart(input.items);
  if (!priced.ok) throw new Error(priced.message);
  const hash = requestHash(input);

  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const order = await recordPricedOrder({ ...input, idempotencyKey: randomUUID() }, hash, priced);
      if (!order) throw new Error("the catalog changed during the run");
      await enqueue(QueueName.erpSync, { orderId: order.id });
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  latencies.sort((a, b) => a - b);
  return { loops, seconds, ordersPerSecond: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

export interface FrameworkFloor {
  clients: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** The web process's CPU per request. */
  webCpuMs: number;
  generatorCpuPercent: number;
}

/**
 * The framework's floor: the same clients as the checkout asking an empty route handler
 * (GET /api/live) as fast as they are answered. Checkout's cost above this is Dispatch's own.
 */
export async function frameworkFloor(webUrl: string, webPid: number, clients: number, seconds: number): Promise<FrameworkFloor> {
  const load = () => autocannon({ url: `${webUrl}/api/live`, connections: clients, duration: seconds, timeout: 10 });
  await load(); // warm, as the checkout is
  const [cpu, generator] = [cpuMeter(webPid), generatorMeter()];
  const result = await load();
  if (result.non2xx || result.errors) throw new Error(`GET /api/live failed ${result.non2xx + result.errors} times`);
  return {
    clients,
    requestsPerSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    webCpuMs: cpu(result.requests.total).processMs,
    generatorCpuPercent: generator(),
  };
}
