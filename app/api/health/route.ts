import { currentAdmin } from "@/lib/admin/session";
import { recentHealth } from "@/lib/health";
import { holdsMetricsToken } from "@/lib/metrics-token";

/**
 * For the platform and monitors: 200 while this instance can take orders, 503 otherwise. The checks
 * (hosts, migrations, the breaker, errors) only for the bearer of the metrics token or an admin.
 */
export async function GET(request: Request) {
  const { ok, checks } = await recentHealth();
  const detailed = holdsMetricsToken(request.headers) || (await currentAdmin()) !== null;
  return Response.json(detailed ? { ok, checks } : { ok }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
