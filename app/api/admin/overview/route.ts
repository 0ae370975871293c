import { getOverview } from "@/lib/admin/overview";
import { adminOrUnauthorized } from "@/lib/admin/session";

export async function GET() {
  const admin = await adminOrUnauthorized();
  if (admin instanceof Response) return admin;
  return Response.json(await getOverview(), { headers: { "cache-control": "no-store" } });
}
