import { recentHealth } from "@/lib/health";
import { holdsMetricsToken } from "@/lib/metrics-token";
import { staffFromHeaders } from "@/lib/staff/session";

/**
 * For the platform and monitors: 200 while this instance can take orders, 503 otherwise. The checks
 * (hosts, migrations, the breaker, errors) only for the bearer of the metrics token or a member of staff.
 */
export async function GET(request: Request) {
  const { ok, checks } = await recentHealth();
  const detailed = holdsMetricsToken(request.headers) || (await staffFromHeaders(request.headers, false)) !== null;
  return Response.json(detailed ? { ok, checks } : { ok }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
