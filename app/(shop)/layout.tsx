import type { ReactNode } from "react";
import { CartCountProvider } from "@/components/cart-count";
import { SiteHeader } from "@/components/site-header";
import { SkipLink } from "@/components/skip-link";
import { unitsIn } from "@/lib/cart/store";
import { currentCart } from "./cart-cookie";

export default async function ShopLayout({ children }: { children: ReactNode }) {
  const cartCount = unitsIn((await currentCart()).lines);
  return (
    <CartCountProvider count={cartCount}>
      <SkipLink />
      <SiteHeader />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:py-12">
        {children}
      </main>
      <footer className="mx-auto max-w-6xl px-4 pb-10 text-sm muted">Questions about an order? Reply to its confirmation email.</footer>
    </CartCountProvider>
  );
}
