import type { ReactNode } from "react";

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <div className="min-h-screen bg-stone-50 text-sm dark:bg-stone-950">{children}</div>;
}
