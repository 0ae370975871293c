import { Redis } from "ioredis";
import { recreateDatabase } from "../../tests/support/database";
import { e2e } from "./env";

// Runs before the shop starts: a fresh database and an empty queue for the suite.
await recreateDatabase(e2e.appEnv.DATABASE_URL);
const redis = new Redis(e2e.appEnv.REDIS_URL);
for await (const keys of redis.scanStream({ match: `${e2e.appEnv.QUEUE_PREFIX}:*`, count: 500 })) {
  if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
}
redis.disconnect();
console.log("e2e database and queue ready");
