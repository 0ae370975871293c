/**
 * Liveness: 200 whenever this process answers HTTP, checking nothing else, for a probe that should
 * restart a hung process but never every instance at once when the database is down
 * (`/api/health` is the readiness check). The benchmark's framework floor is this route under load.
 */
export function GET() {
  return new Response("ok", { headers: { "cache-control": "no-store", "content-type": "text/plain" } });
}
