import { prisma } from "../lib/db";
import { logger } from "../lib/logger";
import { closeQueues } from "../lib/queue";
import { startupChecks } from "../lib/startup";
import { startWorkers } from "./workers";

// The worker process: `npm run worker`. Syncs orders to the ERP and sends confirmations.
await startupChecks("The worker");
const running = startWorkers();
logger.info("worker started");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping: finishing active jobs");
  // BullMQ's close() waits for active jobs; a job cut off by a hard kill is retried as stalled.
  await running.close();
  await closeQueues();
  await prisma.$disconnect();
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
