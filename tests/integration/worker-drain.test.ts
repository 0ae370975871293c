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

    const { code, summary, output } = await runDrain();

    // Other files' orders may owe work in the same database too: the drain does theirs as well, so
    // these figures are at least this file's.
    expect(code, output).toBe(0);
    const mine = [...queued, stranded];
    for (const id of mine) expect((await waitForStatus(id, ["CONFIRMED"], 0)).erpReference).toMatch(/^ERP-/);
    const records = (await erp.records()).filter((record) => mine.includes(record.idempotencyKey));
    expect(records).toHaveLength(3);
    expect(summary).toMatchObject({ cutShort: false });
    expect(summary!.requeued).toBeGreaterThanOrEqual(1);
    for (const queue of [QueueName.erpSync, QueueName.email]) expect((summary!.completed as Record<string, number>)[queue]).toBeGreaterThanOrEqual(3);
    expect(output).toContain(`"orderId":"${stranded}","queue":"erp-sync","revivals":1,"msg":"stranded order queued again"`);
  });

  it("leaves a retry that waits out its backoff for the next run, and says so", async () => {
    await erp.control({ outage: true });
    const id = await placed();

    const { code, summary, output } = await runDrain({ SYNC_BACKOFF_MS: "60000", SYNC_BACKOFF_MAX_MS: "60000" });

    expect(code, output).toBe(0);
    // A failed ERP call delays the job without failing it (with the ERP down, no other order's either).
    expect(summary).toMatchObject({ failedAttempts: {}, cutShort: false });
    expect((summary!.delayed as Record<string, number>)[QueueName.erpSync]).toBeGreaterThanOrEqual(1);
    const job = (await getQueue(QueueName.erpSync).getJob(id))!;
    expect(await job.getState()).toBe("delayed");
    expect((await waitForStatus(id, ["SYNC_RETRYING"], 0)).syncAttempts).toBe(1);
    await job.remove(); // not for the other test files' workers
  });
});
