import { randomUUID } from "node:crypto";
import { config } from "../lib/config";
import { logger } from "../lib/logger";
import { createRedis } from "../lib/redis";

/** Deletes the lock only if it is still ours: a run that outlived it must not free another's. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * Every `intervalMs`, one worker of the fleet runs `task`: whoever takes its lock in Redis. The lock
 * expires, so a worker that dies mid-run does not stop the others; a run that outlives it only
 * overlaps the next, which each task's own compare-and-set statements make safe. The sweeper and
 * the alert evaluator run this way.
 */
export function startFleetTask(name: string, intervalMs: number, task: () => Promise<void>): { stop(): Promise<void> } {
  // Fails fast while Redis is down (the tasks need Redis anyway) rather than hanging a shutdown.
  const redis = createRedis("producer");
  const lockKey = `${config().QUEUE_PREFIX}:${name}-lock`;
  const lockMs = Math.max(60_000, 10 * intervalMs);
  const me = randomUUID();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const runIfOurs = async () => {
    if ((await redis.set(lockKey, me, "PX", lockMs, "NX")) !== "OK") return;
    try {
      await task();
    } finally {
      await redis.eval(RELEASE, 1, lockKey, me);
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      running = runIfOurs()
        .catch((error: unknown) => logger.warn({ err: error, task: name }, `${name} failed; will try again`))
        .finally(() => stopped || schedule());
    }, intervalMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      redis.disconnect();
    },
  };
}
