import type { Metadata } from "next";
import { Overview } from "@/components/admin/overview/overview";
import { getOverview } from "@/lib/admin/overview";
import { requireStaffPage } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Overview · Admin" };

export default async function AdminOverviewPage() {
  await requireStaffPage();
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Overview</h1>
      <Overview initial={await getOverview()} />
    </>
  );
}
