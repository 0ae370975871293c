import type { Shop } from "./shop";

let usedFor: string | undefined;

/**
 * What the admin's Retry sync button does, run in the test's own process against a shop's database
 * and Redis. lib/ reads its settings once per process, so this works for one shop per test run.
 */
export async function retrySyncAsMerchant(shop: Shop, orderId: string) {
  const { DATABASE_URL, REDIS_URL, QUEUE_PREFIX } = shop.env;
  if (usedFor && usedFor !== QUEUE_PREFIX) throw new Error("lib/ was already set up for another shop in this test process");
  usedFor = QUEUE_PREFIX;
  Object.assign(process.env, { DATABASE_URL, REDIS_URL, QUEUE_PREFIX, LOG_LEVEL: "silent" });
  const { retrySync } = await import("../../lib/orders/merchant-actions");
  const { closeQueues } = await import("../../lib/queue");
  const { prisma } = await import("../../lib/db");
  try {
    return await retrySync(orderId, "faults-test-merchant");
  } finally {
    await closeQueues();
    await prisma.$disconnect();
  }
}
