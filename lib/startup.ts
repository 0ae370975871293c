import { assertServedWithPeerAddress } from "./client-address";
import { config, webConfig } from "./config";
import { logger } from "./logger";
import { createRedis, evictionPolicy, evictionWarning, whenReady } from "./redis";

/**
 * What every process checks as it starts. A missing or invalid setting stops it with a message
 * naming the variables; a Redis that may evict BullMQ's keys is reported loudly but not fatal, since
 * the sweeper still recovers evicted jobs from PostgreSQL.
 */
export async function startupChecks(processName: "The web app" | "The worker"): Promise<void> {
  try {
    config();
    if (processName === "The web app") {
      webConfig();
      assertServedWithPeerAddress();
    }
  } catch (error) {
    console.error(`${processName} cannot start. ${(error as Error).message}`);
    process.exit(1);
  }
  const redis = createRedis("producer");
  try {
    const policy = await evictionPolicy(await whenReady(redis, 5_000));
    if (policy && policy !== "noeviction") logger.error({ maxmemoryPolicy: policy }, evictionWarning(policy));
  } catch (error) {
    logger.warn({ err: error }, "Redis is not reachable yet; checkout keeps accepting orders and the worker waits for it");
  } finally {
    redis.disconnect();
  }
}
