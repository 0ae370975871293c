import { prisma } from "../lib/db";
import { logger } from "../lib/logger";
import { startProcessMetrics } from "../lib/metrics";
import { publishWorkerMetrics } from "../lib/metrics-collection";
import { closeQueues } from "../lib/queue";
import { startupChecks } from "../lib/startup";
import { drain } from "./drain";
import { startWorkers, type RunningWorkers } from "./workers";

// The worker process. `npm run worker` runs until stopped; `npm run worker -- --drain` (for a
// cron) processes what is due, prints a summary and exits.
const draining = process.argv.includes("--drain");
await startupChecks("The worker");
startProcessMetrics("worker");
const metrics = publishWorkerMetrics();

const stopRequested = new AbortController();
let running: RunningWorkers | undefined;

async function exit(code: number): Promise<never> {
  await metrics.stop();
  await closeQueues();
  await prisma.$disconnect();
  logger.info("worker stopped");
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals) {
  if (stopRequested.signal.aborted) return;
  logger.info({ signal }, "stopping: finishing active jobs");
  stopRequested.abort();
  // BullMQ's close() waits for active jobs; a job cut off by a hard kill is retried as stalled.
  if (running) void running.close().then(() => exit(0));
}
process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);

if (draining) {
  logger.info("worker started: draining what is due");
  const summary = await drain(stopRequested.signal);
  logger.info(summary, "drain finished");
  await exit(0);
} else {
  running = startWorkers();
  logger.info("worker started");
}
