import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-3 text-stone-600 dark:text-stone-400">We couldn&apos;t find what you were looking for.</p>
      <Link href="/" className="mt-6 inline-block underline">
        Back to the shop
      </Link>
    </div>
  );
}
