import type { Metadata } from "next";
import { CartNotices, OrderedNotice } from "@/components/cart-notices";
import { CartView } from "@/components/cart-view";
import { currentCart } from "../cart-cookie";

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage() {
  const cart = await currentCart();
  return (
    <>
      <h1 className="text-3xl font-semibold tracking-tight">Your cart</h1>
      {cart.orderedAs && <OrderedNotice order={cart.orderedAs} />}
      <CartNotices lines={cart.lines} />
      <CartView lines={cart.lines} />
    </>
  );
}
