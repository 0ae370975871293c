import type { Metadata } from "next";
import { CartView } from "@/components/cart-view";
import { loadCart } from "@/lib/cart";
import { readCartLines } from "../cart-cookie";

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage() {
  const items = await loadCart(await readCartLines());
  return (
    <>
      <h1 className="text-3xl font-semibold tracking-tight">Your cart</h1>
      <CartView items={items} />
    </>
  );
}
