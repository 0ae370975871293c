// Next.js calls register() once as the server starts: the web app checks its settings and Redis
// before it takes requests, as the worker does. NEXT_RUNTIME is Next's own marker of the Node.js server.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startupChecks } = await import("./lib/startup");
  await startupChecks("The web app");
  const { installNextCacheHandler } = await import("./lib/next-cache-handler");
  installNextCacheHandler();
  const { startProcessMetrics } = await import("./lib/metrics");
  startProcessMetrics("web");
}
