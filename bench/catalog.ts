import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { benchEnv, cpuMeter, freshDatabase, startWeb } from "./shop";

/** One page under load: shoppers asking for it again as soon as it arrives. */
export interface PageLoad {
  path: string;
  clients: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** The web process's CPU per page served. */
  webCpuMs: number;
}

export interface CatalogResult {
  catalog: PageLoad;
  product: PageLoad;
}

/** A product page the seeded catalog has. */
const PRODUCT_PATH = "/products/stoneware-mug";

async function pageLoad(webPid: number, webUrl: string, path: string, clients: number, seconds: number): Promise<PageLoad> {
  const cpu = cpuMeter(webPid);
  const result = await autocannon({ url: `${webUrl}${path}`, connections: clients, duration: seconds, timeout: 10 });
  return {
    webCpuMs: result.requests.total > 0 ? cpu(result.requests.total).processMs : Number.NaN,
    path,
    clients,
    seconds,
    requestsPerSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** The catalog page and a product page, each warmed, then loaded by `clients` shoppers for `seconds`. */
export async function catalogLoad(webPid: number, webUrl: string, clients: number, seconds: number): Promise<CatalogResult> {
  const measure = async (path: string) => {
    await pageLoad(webPid, webUrl, path, clients, 2); // JIT, pooled connections, and the cache itself
    return pageLoad(webPid, webUrl, path, clients, seconds);
  };
  return { catalog: await measure("/"), product: await measure(PRODUCT_PATH) };
}

export const describePage = (load: PageLoad) =>
  `${load.path}: ${load.requestsPerSecond.toFixed(0)} requests/s, p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms, web CPU ${load.webCpuMs.toFixed(2)} ms per page, ${load.errors} errors (${load.clients} clients, ${load.seconds} s)`;

// `npx tsx bench/catalog.ts [clients] [seconds]` (after `next build`): this part alone, printed.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [clients = 32, seconds = 10] = process.argv.slice(2).map(Number);
  const env = await benchEnv();
  Object.assign(process.env, env);
  await freshDatabase();
  const web = await startWeb(env);
  try {
    const result = await catalogLoad(web.pid!, env.APP_URL, clients, seconds);
    for (const load of [result.catalog, result.product]) console.log(describePage(load));
  } finally {
    await web.stop();
  }
  process.exit(0);
}
