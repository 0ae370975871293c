import Link from "next/link";
import { connection } from "next/server";

// Rendered outside the shop's layout (an unknown address has none), so it brings its own landmark.
// Per request, as every page is: its scripts need the request's CSP nonce (proxy.ts).
export default async function NotFound() {
  await connection();
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="text-sm font-medium uppercase tracking-wide muted">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-3 muted">We couldn&apos;t find what you were looking for. If you followed a link to an order, check that it is complete.</p>
      <Link href="/" className="btn-primary mt-8">
        Back to the shop
      </Link>
    </main>
  );
}
