import { config } from "../lib/config";
import { prisma } from "../lib/db";
import { logger } from "../lib/logger";
import { startProcessMetrics } from "../lib/metrics";
import { publishWorkerMetrics } from "../lib/metrics-collection";
import { closeQueues } from "../lib/queue";
import { startupChecks } from "../lib/startup";
import { withTimeout } from "../lib/with-timeout";
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
  const cleanUp = async () => {
    await metrics.stop();
    await closeQueues();
    await prisma.$disconnect();
  };
  // A dependency that hangs must not keep a stopping worker alive.
  await withTimeout(cleanUp(), 2_000, "clean-up timed out").catch((error: unknown) => logger.warn({ err: error }, "worker stopped without a clean disconnect"));
  logger.info("worker stopped");
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals) {
  if (stopRequested.signal.aborted) return;
  logger.info({ signal }, "stopping: finishing active jobs");
  stopRequested.abort();
  if (!running) return;
  // BullMQ's close() waits for active jobs. The platform kills us 15 s after SIGTERM, so jobs still
  // running after WORKER_SHUTDOWN_MS are left: their locks lapse and another worker runs them again.
  const grace = setTimeout(() => {
    logger.warn("jobs still running at the end of the shutdown grace: leaving them to another worker");
    void exit(0);
  }, config().WORKER_SHUTDOWN_MS);
  void running.close().then(() => {
    clearTimeout(grace);
    return exit(0);
  });
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
