import { getOverview } from "@/lib/admin/overview";
import { staffOrResponse } from "@/lib/staff/session";

export async function GET() {
  const staff = await staffOrResponse();
  if (staff instanceof Response) return staff;
  return Response.json(await getOverview(), { headers: { "cache-control": "no-store" } });
}
