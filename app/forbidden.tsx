import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">Not with your role</h1>
      <p className="mt-3 text-stone-600 dark:text-stone-400">Your account cannot do this. An owner of the shop can change your role.</p>
      <Link href="/admin" className="mt-6 inline-block underline">
        Back to the admin
      </Link>
    </div>
  );
}
