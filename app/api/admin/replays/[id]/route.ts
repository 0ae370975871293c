import { replayProgress } from "@/lib/admin/replay";
import { staffOrResponse } from "@/lib/staff/session";

export async function GET(_request: Request, { params }: RouteContext<"/api/admin/replays/[id]">) {
  const staff = await staffOrResponse();
  if (staff instanceof Response) return staff;
  const progress = await replayProgress((await params).id);
  if (!progress) return Response.json({ error: "Replay not found" }, { status: 404 });
  return Response.json(progress, { headers: { "cache-control": "no-store" } });
}
