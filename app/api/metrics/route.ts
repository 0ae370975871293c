import { config } from "@/lib/config";
import { exposition, metricsContentType } from "@/lib/metrics-collection";
import { holdsMetricsToken } from "@/lib/metrics-token";

/**
 * Prometheus text for the whole shop (web, workers, orders, queues). With METRICS_TOKEN set it
 * wants `Authorization: Bearer <token>`; production without a token serves nothing.
 */
export async function GET(request: Request) {
  const { METRICS_TOKEN, NODE_ENV } = config();
  const allowed = METRICS_TOKEN ? holdsMetricsToken(request.headers) : NODE_ENV !== "production";
  if (!allowed) {
    const error = METRICS_TOKEN ? "Send the metrics token as a bearer token" : "Set METRICS_TOKEN to serve metrics";
    return Response.json({ error }, { status: METRICS_TOKEN ? 401 : 404 });
  }
  return new Response(await exposition(), { headers: { "content-type": metricsContentType, "cache-control": "no-store" } });
}
