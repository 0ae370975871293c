import { randomUUID } from "node:crypto";
import { expireIdleCarts } from "../lib/cart/store";
import { config } from "../lib/config";
import { logger } from "../lib/logger";
import { sweepOwedWork } from "../lib/orders/sweep";
import { createRedis } from "../lib/redis";

/** Deletes the lock only if it is still ours: a sweep that outlived it must not free another's. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * One sweep, the worker's and the cron's: orders whose owed work is overdue get their job again,
 * and carts idle for CART_IDLE_DAYS are deleted (an index range scan when there are none).
 */
export async function sweep() {
  const summary = await sweepOwedWork();
  return { ...summary, expiredCarts: await expireIdleCarts() };
}

/**
 * Every SWEEP_INTERVAL_MS, one worker of the fleet sweeps: whoever takes the
 * lock in Redis. The lock expires, so a worker that dies mid-sweep does not stop the others; a
 * sweep that outlives it only overlaps the next, which the sweep's own version checks make safe.
 */
export function startSweeper(): { stop(): Promise<void> } {
  const { QUEUE_PREFIX, SWEEP_INTERVAL_MS } = config();
  // Fails fast while Redis is down (a sweep needs Redis anyway) rather than hanging a shutdown.
  const redis = createRedis("producer");
  const lockKey = `${QUEUE_PREFIX}:sweep-lock`;
  const lockMs = Math.max(60_000, 10 * SWEEP_INTERVAL_MS);
  const me = randomUUID();
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  let stopped = false;

  const sweepIfOurs = async () => {
    if ((await redis.set(lockKey, me, "PX", lockMs, "NX")) !== "OK") return;
    try {
      const summary = await sweep();
      if (summary.revived || summary.stopped || summary.expiredCarts) logger.info(summary, "sweep finished");
    } finally {
      await redis.eval(RELEASE, 1, lockKey, me);
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      sweeping = sweepIfOurs()
        .catch((error: unknown) => logger.warn({ err: error }, "sweep failed; will try again"))
        .finally(() => stopped || schedule());
    }, SWEEP_INTERVAL_MS);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
      redis.disconnect();
    },
  };
}
