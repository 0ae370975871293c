import { afterAll, afterEach, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db";
import { closeQueues, getQueue, QueueName } from "@/lib/queue";
import { erpSimulator } from "../support/erp";
import { placedOrder, waitForStatus } from "../support/orders";
import { Process, npmScript } from "../support/process";

const erp = erpSimulator(config().ERP_URL);

afterEach(() => erp.control({ outage: false }));
afterAll(() => closeQueues());

const placed = async () => (await placedOrder()).id;

/** `npm run worker -- --drain`, to the end; returns its exit code and the summary it logged. */
async function runDrain(env: Record<string, string> = {}) {
  const drain = new Process([...npmScript("worker"), "--drain"], { LOG_LEVEL: "info", ...env });
  await drain.start();
  const code = await drain.exited();
  const summary = drain.output
    .split("\n")
    .filter((line) => line.includes('"drain finished"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)[0];
  return { code, summary, output: drain.output };
}

describe("the worker's drain mode (for a cron)", () => {
  it("queues stranded orders, processes everything due, then exits 0 with a summary", async () => {
    const queued = [await placed(), await placed()];
    // Committed, but its job never reached Redis (the web died in between), and overdue.
    const stranded = await placed();
    await (await getQueue(QueueName.erpSync).getJob(stranded))!.remove();
    await prisma.$executeRaw`UPDATE "Order" SET "workDueAt" = now() - interval '1 hour' WHERE id = ${stranded}::uuid`;
    const before = await erp.stats();

    const { code, summary, output } = await runDrain();

    expect(code, output).toBe(0);
    for (const id of [...queued, stranded]) expect((await waitForStatus(id, ["CONFIRMED"], 0)).erpReference).toMatch(/^ERP-/);
    expect((await erp.stats()).records - before.records).toBe(3);
    expect(summary).toMatchObject({
      requeued: 1,
      completed: { [QueueName.erpSync]: 3, [QueueName.email]: 3 },
      cutShort: false,
    });
    expect(output).toMatch(/"orderId":"[^"]+".*"msg":"stranded order queued again"/);
  });

  it("leaves a retry that waits out its backoff for the next run, and says so", async () => {
    await erp.control({ outage: true });
    const id = await placed();

    const { code, summary, output } = await runDrain({ SYNC_BACKOFF_MS: "60000", SYNC_BACKOFF_MAX_MS: "60000" });

    expect(code, output).toBe(0);
    // A failed ERP call delays the job without failing it.
    expect(summary).toMatchObject({ failedAttempts: {}, delayed: { [QueueName.erpSync]: 1 }, cutShort: false });
    expect((await waitForStatus(id, ["SYNC_RETRYING"], 0)).syncAttempts).toBe(1);
    await (await getQueue(QueueName.erpSync).getJob(id))!.remove(); // not for the other test files' workers
  });
});
