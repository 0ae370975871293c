import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { CatalogResult, PageLoad } from "./catalog";
import type { LoadResult, PacedResult } from "./checkout";
import type { DrainResult } from "./drain";
import type { FloorResult, FrameworkFloor } from "./floor";
import type { CpuPerUnit } from "./shop";
import type { WorkerFloor } from "./worker-floor";

interface CheckoutScenario {
  load: LoadResult;
  single: LoadResult | null;
  /** 64 clients offering the target rate together, rather than as fast as they can. */
  paced: PacedResult | null;
  /** Closed-loop warming before the paced run, until throughput was steady: each 3 s round's orders/s. */
  warming: number[];
  /** An empty route handler under the same clients: Next.js's own share. */
  framework: FrameworkFloor | null;
  idleMb: number;
  peakMb: number;
  /** Over the saturating run: the web process's CPU per order, and the whole shop's. */
  cpuPerOrder: CpuPerUnit;
}

export interface BenchResults {
  date: string;
  machine: string;
  cores: number;
  erpLatencyMs: number;
  queued: CheckoutScenario;
  queuedOnTwoWebs: { load: LoadResult; webCpuMs: number };
  inline: CheckoutScenario;
  floor: FloorResult;
  floorConcurrent: FloorResult;
  drainBacklog: number;
  drainWaves: number;
  drains: DrainResult[];
  instant: DrainResult;
  instantOnTwoWorkers: DrainResult;
  workerFloor: WorkerFloor;
  catalog: CatalogResult;
  totalSeconds: number;
}

const REPORT = "docs/benchmarks/README.md";
const CHART = "docs/benchmarks/checkout.svg";
// The generated part of the report sits between these; what is around them is written by hand.
const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);
const met = (ok: boolean) => (ok ? "yes" : "**no**");
const mb = (value: number) => `${value.toFixed(0)} MB`;
const cpuMs = (value: number) => `${value.toFixed(1)} ms`;
const cpuMs2 = (value: number) => `${value.toFixed(2)} ms`;

const clientsNote = (load: LoadResult, paced: PacedResult, warming: number[], cores: number) =>
  `${load.clients} clients post \`POST /api/orders\` with fresh idempotency keys: first as fast as they are answered in rounds of 3 s until three rounds in a row agreed within 10 % (warming: JIT, pools, PostgreSQL's fresh tables; this run's rounds: ${warming.map((rate) => rate.toFixed(0)).join(", ")} orders/s); then for ${paced.whole.seconds} s at ${paced.whole.offeredRate} orders/s between them (\`http.request\`), each request timed from when it was due (the latency shoppers see at the target load), reported whole and after its first ${paced.steadyAfterSeconds} s; then for ${load.seconds} s as fast as they are answered (autocannon: the most the shop can take). A client gives up after 10 s; that counts as an error and as 10 s of latency. The generator's CPU is this benchmark process's, in % of one of the ${cores} cores it shares with the shop.`;

/** What CPU alone allows: every core busy with nothing but this work. */
const capacity = (shopMs: number, cores: number) =>
  `At that cost ${cores} cores can do at most **${((cores * 1000) / shopMs).toFixed(0)} orders/s**, however the work is spread over processes.`;

function tables(r: BenchResults): string {
  const { queued, inline, floor, floorConcurrent, cores } = r;
  const q = queued.load;
  const i = inline.load;
  const single = queued.single!;
  const overheadSingle = single.p50 / floor.p50;
  const overheadLoaded = q.p50 / floorConcurrent.p50;
  const paced = queued.paced!.whole;
  const steady = queued.paced!.steady;
  const framework = queued.framework!;
  const twoWebs = r.queuedOnTwoWebs;
  const row = (name: string, l: LoadResult) =>
    `| ${name} | ${l.clients} | ${l.offeredRate ? `${l.offeredRate}/s` : "as fast as answered"} | ${l.ordersPerSecond.toFixed(1)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${l.errors} | ${l.timeouts} | ${l.generatorCpuPercent.toFixed(0)} % |`;
  const perSecond = queued.paced!.seconds.map(
    (s) => `| ${s.second} | ${s.due} | ${s.accepted} | ${ms(s.p50)} | ${ms(s.p99)} | ${s.webCpuPercent.toFixed(0)} % | ${s.postgresCpuPercent.toFixed(0)} % | ${s.generatorCpuPercent.toFixed(0)} % |`,
  );
  const drainRows = r.drains.map(
    (d) =>
      `| ${d.workers} | ${d.concurrency} | ${d.orders} | ${d.firstDoneSeconds.toFixed(1)} s | ${d.seconds.toFixed(1)} s | ${d.ordersPerSecond.toFixed(1)} | ${d.idealPerSecond!.toFixed(1)} | ${((d.ordersPerSecond / d.idealPerSecond!) * 100).toFixed(0)} % | ${mb(d.workerPeakRssMb)} | ${cpuMs(d.cpuPerOrder.processMs)} / ${cpuMs(d.cpuPerOrder.shopMs)} |`,
  );
  const drainAt1000 = Math.max(...r.drains.filter((d) => d.concurrency === 1_000).map((d) => d.ordersPerSecond / d.idealPerSecond!));
  const instantRow = (d: DrainResult) =>
    `| ${d.workers} | ${d.concurrency} | ${d.orders.toLocaleString("en")} | ${d.ordersPerSecond.toFixed(0)} | ${cpuMs(d.cpuPerOrder.processMs)} | ${cpuMs(d.cpuPerOrder.shopMs)} | ${mb(d.workerPeakRssMb)} |`;
  const drainRss = Math.max(...r.drains.map((d) => d.workerPeakRssMb));

  return `Run on ${r.date.slice(0, 16).replace("T", " ")} UTC, ${r.machine}; ERP latency ${r.erpLatencyMs} ms; the whole run took ${r.totalSeconds.toFixed(0)} s.

![Checkout latency and worker drain rate](checkout.svg)

### 1. Checkout: queued (Dispatch) against inline (the ERP called during checkout)

${clientsNote(q, queued.paced!, queued.warming, cores)}

| Mode | Clients | Offered | Orders/s | p50 | p95 | p99 | Errors | Timeouts | Generator CPU |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${row("Queued", q)}
${row("Queued, two web processes", twoWebs.load)}
${row("Inline", i)}
${row(`Queued, whole paced run (${paced.seconds} s)`, paced)}
${row(`Queued, steady part (s ${queued.paced!.steadyAfterSeconds}–${paced.seconds})`, steady)}
${row("Queued", single)}

Queued against inline: **${(i.p50 / q.p50).toFixed(0)}×** faster at the median, **${(q.ordersPerSecond / Math.max(i.ordersPerSecond, 0.01)).toFixed(0)}×** the orders per second.

CPU per order in the saturating queued run: the web process ${cpuMs2(queued.cpuPerOrder.processMs)}, the whole shop ${cpuMs(queued.cpuPerOrder.shopMs)} (web, PostgreSQL, Redis; the load generator not counted). ${capacity(queued.cpuPerOrder.shopMs, cores)} With two web processes (the clients split between them, as Upsun's router splits them between instances) the webs spend ${cpuMs2(twoWebs.webCpuMs)} per order between them.

Next.js's floor: an empty route handler (\`GET /api/live\`) under the same ${framework.clients} clients answers ${framework.requestsPerSecond.toFixed(0)} requests/s, p50 ${ms(framework.p50)}, for ${cpuMs2(framework.webCpuMs)} of web CPU a request (generator ${framework.generatorCpuPercent.toFixed(0)} %). Of the checkout's ${cpuMs2(queued.cpuPerOrder.processMs)}, that is the framework's share; **${cpuMs2(queued.cpuPerOrder.processMs - framework.webCpuMs)}** is Dispatch's (reading the body, the rate limit, validation, pricing, the insert, the job).

<details><summary>The paced run second by second (requests due in each second; CPU in % of one core)</summary>

| Second | Due | Accepted | p50 | p99 | Web CPU | PostgreSQL CPU | Generator CPU |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${perSecond.join("\n")}

</details>

### 2. The floor: the order's transaction and one BullMQ add, no HTTP, no framework

| Loops | Orders/s | p50 | p99 |
| ---: | ---: | ---: | ---: |
| 1 | ${floor.ordersPerSecond.toFixed(0)} | ${ms(floor.p50)} | ${ms(floor.p99)} |
| ${floorConcurrent.loops} | ${floorConcurrent.ordersPerSecond.toFixed(0)} | ${ms(floorConcurrent.p50)} | ${ms(floorConcurrent.p99)} |

Overhead ratio (checkout p50 ÷ floor p50): **${overheadSingle.toFixed(2)}** with one client, ${overheadLoaded.toFixed(2)} with ${q.clients} (both sides under the same load).

### 3. Worker drain: ${r.drainBacklog.toLocaleString("en")} queued orders, ERP at ${r.erpLatencyMs / 1000} s a call

Each row times ${r.drainWaves} ERP round trips' worth of orders (concurrency × ${r.drainWaves}) from the backlog, from the workers' start until they are synced (ERP call and state update). With two worker processes each has half the concurrency.

| Workers | Concurrency | Orders | First synced after | Time | Orders/s | Ideal (concurrency ÷ 8 s) | Of ideal | Worker peak RSS | CPU per order: worker / shop |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${drainRows.join("\n")}

### 4. Worker with an instant ERP: Dispatch's own cost per order

Orders from a backlog to confirmed, end to end (ERP sync, email job through the Resend SDK, every state change and timeline event). CPU per order: the workers', and the whole shop's (workers, PostgreSQL, Redis, ERP simulator, mail API).

| Workers | Concurrency (all) | Orders | Orders/s | Worker CPU per order | Shop CPU per order | Worker peak RSS |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${instantRow(r.instant)}
${instantRow(r.instantOnTwoWorkers)}

${capacity(r.instant.cpuPerOrder.shopMs, cores)}

The worker's floor: its parts alone, with none of Dispatch's logic around them, in a process of their own with the worker's Node flags (\`bench/worker-floor.ts\`, 64 in flight). A BullMQ job taken by an empty processor ${cpuMs2(r.workerFloor.jobProcessMs)} and added ${cpuMs2(r.workerFloor.jobAddMs)}; a minimal SQL statement ${cpuMs2(r.workerFloor.statementMs)}; the ERP call ${cpuMs2(r.workerFloor.erpCallMs)}; the confirmation rendered ${cpuMs2(r.workerFloor.renderMs)} and sent through the Resend SDK ${cpuMs2(r.workerFloor.sendMs)}. An order's worth (two jobs taken, one added, five statements, one ERP call, one email): **${cpuMs2(r.workerFloor.perOrderMs)}** of the worker's ${cpuMs2(r.instant.cpuPerOrder.processMs)}; the rest is Dispatch's own (building and reading its statements, the breaker, logging, metrics) and the garbage all of it makes.

### 5. Memory

Web process: ${mb(queued.idleMb)} after start, peak ${mb(queued.peakMb)} under the queued load (${mb(inline.peakMb)} under the inline load).

### 6. Browsing: the catalog and a product page

${r.catalog.catalog.clients} clients ask for the page again as soon as it arrives, for ${r.catalog.catalog.seconds} s each, after 2 s of warming (autocannon). Both pages come from Next's data cache (\`unstable_cache\` with a tag per product, lib/catalog/read.ts): the database is read once per product change, not per view.

| Page | Requests/s | p50 | p99 | Web CPU per page | Errors |
| --- | ---: | ---: | ---: | ---: | ---: |
${[r.catalog.catalog, r.catalog.product].map((load: PageLoad) => `| \`${load.path}\` | ${load.requestsPerSecond.toFixed(0)} | ${ms(load.p50)} | ${ms(load.p99)} | ${cpuMs(load.webCpuMs)} | ${load.errors} |`).join("\n")}

### Targets

| Target | Measured | Met |
| --- | --- | --- |
| Queued p50 ≤ 25 ms at ${q.clients} clients, ${paced.offeredRate} orders/s (steady part) | ${ms(steady.p50)} (whole run ${ms(paced.p50)}) | ${met(steady.p50 <= 25)} |
| Queued p99 ≤ 100 ms at ${q.clients} clients, ${paced.offeredRate} orders/s (steady part) | ${ms(steady.p99)} (whole run ${ms(paced.p99)}) | ${met(steady.p99 <= 100)} |
| Queued ≥ 400 orders/s saturated, no errors | ${q.ordersPerSecond.toFixed(0)} orders/s, ${q.errors} errors | ${met(q.ordersPerSecond >= 400 && q.errors === 0)} |
| Inline p50 ≥ 8 s and ≤ 8 orders/s | ${ms(i.p50)}, ${i.ordersPerSecond.toFixed(1)} orders/s | ${met(i.p50 >= 8000 && i.ordersPerSecond <= 8)} |
| Overhead ratio ≤ 2.5 | ${overheadSingle.toFixed(2)} (one client), ${overheadLoaded.toFixed(2)} (${q.clients} clients) | ${met(overheadSingle <= 2.5)} |
| Web CPU per checkout ≤ 1.5 ms | ${cpuMs2(queued.cpuPerOrder.processMs)} (framework floor ${cpuMs2(framework.webCpuMs)}) | ${met(queued.cpuPerOrder.processMs <= 1.5)} |
| Drain at 1,000 ≥ 90 % of ideal | ${(drainAt1000 * 100).toFixed(0)} % (best of one and two workers) | ${met(drainAt1000 >= 0.9)} |
| Worker RSS ≤ 300 MB | ${mb(drainRss)} | ${met(drainRss <= 300)} |
| Instant ERP: worker ≤ 4 ms, shop ≤ 7 ms CPU per order, ≥ 250 orders/s | ${cpuMs(r.instant.cpuPerOrder.processMs)} (its parts alone ${cpuMs(r.workerFloor.perOrderMs)}), ${cpuMs(r.instant.cpuPerOrder.shopMs)}, ${Math.max(r.instant.ordersPerSecond, r.instantOnTwoWorkers.ordersPerSecond).toFixed(0)} orders/s | ${met(r.instant.cpuPerOrder.processMs <= 4 && r.instant.cpuPerOrder.shopMs <= 7 && Math.max(r.instant.ordersPerSecond, r.instantOnTwoWorkers.ordersPerSecond) >= 250)} |
| Web RSS ≤ 400 MB under load | ${mb(queued.peakMb)} | ${met(queued.peakMb <= 400)} |`;
}

/** Two panels: checkout latency percentiles (log scale), and drain rate against the ideal. */
function chart(r: BenchResults): string {
  const width = 760;
  const height = 300;
  const left = { x: 60, w: 330 };
  const right = { x: 470, w: 260 };
  const top = 40;
  const plot = 200;
  const bottom = top + plot;
  const logY = (value: number) => bottom - (Math.log10(Math.max(value, 1)) / 4) * plot; // 1 ms … 10 s
  const parts: string[] = [];
  const text = (x: number, y: number, content: string, extra = "") =>
    parts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${extra}>${content}</text>`);

  text(left.x, 22, "Checkout latency at 64 clients (log scale)", 'font-weight="600"');
  for (const tick of [1, 10, 100, 1000, 10000]) {
    const y = logY(tick);
    parts.push(`<line x1="${left.x}" x2="${left.x + left.w}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`);
    text(left.x - 6, y + 4, tick >= 1000 ? `${tick / 1000} s` : `${tick} ms`, 'text-anchor="end" fill="#6b7280"');
  }
  const groups = [
    { label: "Queued", load: r.queued.load, color: "#059669" },
    { label: "Inline", load: r.inline.load, color: "#dc2626" },
  ];
  groups.forEach(({ label, load, color }, g) => {
    const gx = left.x + 30 + g * 160;
    (["p50", "p95", "p99"] as const).forEach((p, k) => {
      const x = gx + k * 40;
      const y = logY(load[p]);
      parts.push(`<rect x="${x}" y="${y.toFixed(1)}" width="32" height="${(bottom - y).toFixed(1)}" fill="${color}" opacity="${1 - k * 0.25}"/>`);
      text(x + 16, bottom + 14, p, 'text-anchor="middle" fill="#6b7280"');
      text(x + 16, y - 4, ms(load[p]).replace(" ", ""), 'text-anchor="middle" font-size="10"');
    });
    text(gx + 56, bottom + 32, `${label}: ${load.ordersPerSecond.toFixed(0)} orders/s`, 'text-anchor="middle" font-weight="600"');
  });

  text(right.x, 22, "Worker drain, ERP at 8 s a call", 'font-weight="600"');
  const maxRate = Math.max(...r.drains.map((d) => Math.max(d.ordersPerSecond, d.idealPerSecond!))) * 1.1;
  const linY = (value: number) => bottom - (value / maxRate) * plot;
  for (const tick of [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * maxRate))) {
    parts.push(`<line x1="${right.x}" x2="${right.x + right.w}" y1="${linY(tick)}" y2="${linY(tick)}" stroke="#e5e7eb"/>`);
    text(right.x - 6, linY(tick) + 4, String(tick), 'text-anchor="end" fill="#6b7280"');
  }
  r.drains.forEach((d, k) => {
    const x = right.x + 14 + k * 62;
    const ideal = linY(d.idealPerSecond!);
    const y = linY(d.ordersPerSecond);
    parts.push(`<rect x="${x}" y="${y.toFixed(1)}" width="36" height="${(bottom - y).toFixed(1)}" fill="#2563eb"/>`);
    parts.push(`<line x1="${x - 6}" x2="${x + 42}" y1="${ideal.toFixed(1)}" y2="${ideal.toFixed(1)}" stroke="#111827" stroke-dasharray="4 3"/>`);
    text(x + 18, y - 4, d.ordersPerSecond.toFixed(0), 'text-anchor="middle" font-size="10"');
    text(x + 18, bottom + 14, `c=${d.concurrency}${d.workers > 1 ? ` ×${d.workers}` : ""}`, 'text-anchor="middle" fill="#6b7280"');
  });
  text(right.x + right.w / 2, bottom + 32, "orders/s (dashed: concurrency ÷ 8 s)", 'text-anchor="middle" font-weight="600"');

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="Checkout latency, queued against inline, and worker drain rate against the ideal">
<rect width="100%" height="100%" fill="#ffffff"/>
${parts.join("\n")}
</svg>
`;
}

/** Writes the chart and the generated part of the report, keeping the hand-written notes around it. */
export function writeReport(results: BenchResults): string[] {
  const generated = `${START}\n${tables(results)}\n${END}`;
  const current = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : `# Benchmarks\n\n${START}\n${END}\n`;
  writeFileSync(REPORT, current.replace(new RegExp(`${START}[\\s\\S]*${END}`), generated));
  writeFileSync(CHART, chart(results));
  writeFileSync("docs/benchmarks/results.json", `${JSON.stringify(results, null, 2)}\n`);
  return [REPORT, CHART, "docs/benchmarks/results.json"];
}
