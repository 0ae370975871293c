// The worker's floor: what the parts an order passes through cost in CPU with none of Dispatch's
// logic around them — a BullMQ job added and taken by an empty processor, a minimal SQL statement,
// one ERP call, one email rendered and one sent. Run by bench/run.ts in a process of its own (the
// mail API's fake and the load generator live in the benchmark's), with the worker's Node flags and
// the bench environment; prints its figures as one line of JSON (bench/shop.ts measureWorkerFloor).
import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { config } from "../lib/config";
import { pool } from "../lib/db";
import { submitOrder } from "../lib/erp/client";
import { erpRequestBody } from "../lib/erp/mapping";
import { sendMail } from "../lib/mailer";
import { renderConfirmation } from "../lib/orders/send-confirmation";
import { jobOptions, QueueName } from "../lib/queue";
import { createRedis } from "../lib/redis";
import { erpOrder } from "../tests/support/erp";

/** CPU milliseconds of each part, and of an order's worth of them. */
export interface WorkerFloor {
  jobProcessMs: number;
  jobAddMs: number;
  statementMs: number;
  erpCallMs: number;
  renderMs: number;
  sendMs: number;
  /** Two jobs taken (sync, email), one added (the email's), five statements, one ERP call, one email rendered and sent. */
  perOrderMs: number;
}

const CALLS = Number(process.argv[2] ?? 2_000);
const IN_FLIGHT = 64;

/** CPU milliseconds of this process per call, `count` calls `IN_FLIGHT` at a time, after a tenth as many to warm. */
async function cpuPerCall(count: number, call: (index: number) => Promise<unknown>): Promise<number> {
  const run = async (calls: number) => {
    let next = 0;
    const loop = async () => {
      while (next < calls) await call(next++);
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
  };
  await run(Math.ceil(count / 10));
  const start = process.cpuUsage();
  await run(count);
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000 / count;
}

const order = { ...erpOrder(), publicToken: "floor" };

/** Jobs through BullMQ as the worker runs them (its queue options, concurrency 64), the processor empty. */
async function jobs(count: number) {
  const connection = createRedis("worker");
  const prefix = `${config().QUEUE_PREFIX}-floor`;
  const queue = new Queue(QueueName.email, { connection, prefix });
  const add = await cpuPerCall(count, () => {
    const data = { orderId: randomUUID() };
    return queue.add(QueueName.email, data, jobOptions(QueueName.email, data));
  });
  const total = Math.ceil(count / 10) + count;
  const start = process.cpuUsage();
  await new Promise<void>((resolve) => {
    let done = 0;
    const worker = new Worker(QueueName.email, async () => undefined, { connection, prefix, concurrency: IN_FLIGHT });
    worker.on("completed", () => {
      if (++done === total) void worker.close().then(() => resolve());
    });
  });
  const { user, system } = process.cpuUsage(start);
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return { add, process: (user + system) / 1000 / total };
}

const statement = await cpuPerCall(CALLS * 5, (index) => pool.query("SELECT $1::int AS n", [index]));
const erpCall = await cpuPerCall(CALLS, () => submitOrder(erpRequestBody(erpOrder()), randomUUID()));
const mail = await renderConfirmation(order);
const render = await cpuPerCall(CALLS, () => renderConfirmation(order));
const send = await cpuPerCall(CALLS, () => sendMail({ ...mail, to: order.email, idempotencyKey: randomUUID() }));
const job = await jobs(CALLS * 2);
await pool.end();

const floor: WorkerFloor = {
  jobProcessMs: job.process,
  jobAddMs: job.add,
  statementMs: statement,
  erpCallMs: erpCall,
  renderMs: render,
  sendMs: send,
  perOrderMs: 2 * job.process + job.add + 5 * statement + erpCall + render + send,
};
console.log(JSON.stringify(floor));
process.exit(0);
