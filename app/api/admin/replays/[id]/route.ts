import { replayProgress } from "@/lib/admin/replay";
import { adminOrUnauthorized } from "@/lib/admin/session";

export async function GET(_request: Request, { params }: RouteContext<"/api/admin/replays/[id]">) {
  const admin = await adminOrUnauthorized();
  if (admin instanceof Response) return admin;
  const progress = await replayProgress((await params).id);
  if (!progress) return Response.json({ error: "Replay not found" }, { status: 404 });
  return Response.json(progress, { headers: { "cache-control": "no-store" } });
}
