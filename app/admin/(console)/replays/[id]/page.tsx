import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReplayProgressView } from "@/components/admin/replay-progress";
import { replayProgress } from "@/lib/admin/replay";
import { requireStaffPage } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Replay · Admin" };

export default async function ReplayPage({ params }: PageProps<"/admin/replays/[id]">) {
  await requireStaffPage();
  const progress = await replayProgress((await params).id);
  if (!progress) notFound();
  return <ReplayProgressView initial={progress} />;
}
