import type { Redis } from "ioredis";
import { AggregatorRegistry, Gauge, Registry } from "prom-client";
import { countByStatus } from "./admin/orders";
import { allQueues, type QueueHealth } from "./admin/queue-health";
import { config } from "./config";
import { processInstance, registry, startProcessMetrics } from "./metrics";
import { createRedis, whenReady } from "./redis";
import { withTimeout } from "./with-timeout";

/**
 * One scrape for the whole shop. The worker has no port a scraper could reach on Upsun, so it keeps
 * a snapshot of its registry in Redis; GET /api/metrics serves the web's own figures, every live
 * worker's, and the shop's state (orders, queues) read at scrape time.
 */

type Snapshot = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;

/** Read at scrape time from PostgreSQL and Redis: the state of the whole shop, not of one process. */
function shopRegistry(): Registry {
  const shop = new Registry();
  new Gauge({
    name: "dispatch_orders",
    help: "Orders in each status",
    labelNames: ["status"] as const,
    registers: [shop],
    async collect() {
      // Without the database the series is missing from the scrape (and /api/health says why).
      const counts = await countByStatus().catch(() => ({}));
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
  // Without Redis the queue series are missing from the scrape; the rest is still served.
  const queues: Promise<QueueHealth[]> = withTimeout(allQueues(), 2_000, "Redis did not answer").catch(() => []);
  new Gauge({
    name: "dispatch_queue_jobs",
    help: "Jobs in each queue, by state",
    labelNames: ["queue", "state"] as const,
    registers: [shop],
    async collect() {
      for (const { name, counts } of await queues) {
        for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
      }
    },
  });
  new Gauge({
    name: "dispatch_queue_lag_seconds",
    help: "Age of the oldest job still waiting in each queue (0 when none waits)",
    labelNames: ["queue"] as const,
    registers: [shop],
    async collect() {
      for (const { name, oldestWaitingMs } of await queues) this.set({ queue: name }, (oldestWaitingMs ?? 0) / 1000);
    },
  });
  return shop;
}

const snapshotKey = () => `${config().QUEUE_PREFIX}:metrics:worker:${processInstance}`;
const PUBLISH_EVERY_MS = 5_000;

let connection: Redis | undefined;

/** A producer connection (quick to fail without Redis), once it is ready. */
function redis(): Promise<Redis> {
  connection ??= createRedis("producer");
  return whenReady(connection, 2_000);
}

/** The worker's side: keeps a fresh snapshot of its registry in Redis; it expires if the worker dies. */
export function publishWorkerMetrics(): { stop(): Promise<void> } {
  const publish = async () => {
    const snapshot = JSON.stringify(await registry.getMetricsAsJSON());
    await (await redis()).set(snapshotKey(), snapshot, "PX", PUBLISH_EVERY_MS * 3);
  };
  const publishOrSkip = () => publish().catch(() => {}); // Redis down: the next one will do
  void publishOrSkip();
  const timer = setInterval(publishOrSkip, PUBLISH_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await publishOrSkip();
      connection?.disconnect();
    },
  };
}

async function workerSnapshots(): Promise<Snapshot[]> {
  const client = await redis();
  const keys: string[] = [];
  for await (const batch of client.scanStream({ match: `${config().QUEUE_PREFIX}:metrics:worker:*`, count: 100 })) {
    keys.push(...(batch as string[]));
  }
  const values = keys.length ? await client.mget(...keys) : [];
  return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as Snapshot);
}

/** The Prometheus text for GET /api/metrics. */
export async function exposition(): Promise<string> {
  startProcessMetrics("web");
  const [web, shop, workers] = await Promise.all([
    registry.getMetricsAsJSON(),
    shopRegistry().getMetricsAsJSON(),
    workerSnapshots().catch((): Snapshot[] => []), // without Redis, the web's own figures still
  ]);
  return AggregatorRegistry.aggregate([web, shop, ...workers]).metrics();
}

export const metricsContentType = registry.contentType;
