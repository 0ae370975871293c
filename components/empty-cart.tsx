import Link from "next/link";

export function EmptyCart() {
  return (
    <p className="mt-6">
      Your cart is empty.{" "}
      <Link href="/" className="underline">
        Browse the shop
      </Link>
    </p>
  );
}
