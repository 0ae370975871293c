import { health } from "@/lib/health";

/** For the platform and monitors: 200 while this instance can take orders, 503 with the reasons otherwise. */
export async function GET() {
  const result = await health();
  return Response.json(result, { status: result.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
