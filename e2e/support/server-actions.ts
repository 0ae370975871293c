import { readFileSync } from "node:fs";

const NO_ID = "00000000-0000-0000-0000-000000000000";

/** The server actions the build registered, each with a page that uses it (posted to, like a browser does). */
export function serverActions(): { id: string; name: string; file: string; page: string }[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  // "app/admin/(console)/orders/[id]/page" → /admin/orders/<uuid>
  const pathOf = (worker: string) =>
    worker.replace(/^app/, "").replace(/\/\([^)]*\)/g, "").replace(/\/page$/, "").replace(/\[[^\]]+\]/g, NO_ID) || "/";
  return Object.entries(manifest.node).map(([id, action]) => ({
    id,
    name: action.exportedName,
    file: action.filename,
    page: pathOf(Object.keys(action.workers)[0]!),
  }));
}
