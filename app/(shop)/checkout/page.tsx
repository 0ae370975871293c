import type { Metadata } from "next";
import { CartNotices, OrderedNotice } from "@/components/cart-notices";
import { CheckoutForm } from "@/components/checkout-form";
import { EmptyCart } from "@/components/empty-cart";
import { formatMoney } from "@/lib/orders/format";
import { currentCart } from "../cart-cookie";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage() {
  const cart = await currentCart();
  const items = cart.lines.filter((line) => line.available);
  if (items.length === 0) {
    return (
      <>
        <h1 className="text-3xl font-semibold tracking-tight">Checkout</h1>
        {cart.orderedAs && <OrderedNotice order={cart.orderedAs} />}
        <CartNotices lines={cart.lines} />
        {!cart.orderedAs && <EmptyCart />}
      </>
    );
  }
  const currency = items[0]!.currency;
  const total = items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
  return (
    <>
      <h1 className="text-3xl font-semibold tracking-tight">Checkout</h1>
      <CartNotices lines={cart.lines} />
      <div className="mt-6 grid gap-10 md:grid-cols-[minmax(0,1fr)_20rem]">
        {/* Places the cart the server holds, if it is still this version: what this summary shows. */}
        <CheckoutForm cartId={cart.id} cartVersion={cart.version} />
        <aside aria-label="Order summary" className="h-fit rounded-2xl border border-stone-200 bg-white p-5 md:sticky md:top-6 dark:border-stone-700 dark:bg-stone-900">
          <h2 className="font-semibold">Order summary</h2>
          <ul className="mt-3 space-y-2 text-sm">
            {items.map((item) => (
              <li key={item.productId} className="flex justify-between gap-2">
                <span>
                  {item.quantity} × {item.name}
                </span>
                <span className="tabular-nums">{formatMoney(item.unitPriceCents * item.quantity, item.currency)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-4 flex justify-between border-t border-stone-200 pt-3 font-semibold dark:border-stone-700">
            <span>Total</span>
            <span className="tabular-nums">{formatMoney(total, currency)}</span>
          </p>
        </aside>
      </div>
    </>
  );
}
