import Link from "next/link";

export default function Unauthorized() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">Please log in</h1>
      <p className="mt-3 text-stone-600 dark:text-stone-400">This part of the shop is for the merchant.</p>
      <Link href="/admin/login" className="mt-6 inline-block underline">
        Go to the admin login
      </Link>
    </div>
  );
}
