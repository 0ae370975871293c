import type { ReactNode } from "react";
import { CartCountProvider } from "@/components/cart-count";
import { SiteHeader } from "@/components/site-header";
import { readCartLines } from "./cart-cookie";

export default async function ShopLayout({ children }: { children: ReactNode }) {
  const cartCount = (await readCartLines()).reduce((sum, line) => sum + line.quantity, 0);
  return (
    <CartCountProvider count={cartCount}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-10 focus:rounded-lg focus:bg-paper focus:px-4 focus:py-2">
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:py-12">
        {children}
      </main>
      <footer className="mx-auto max-w-6xl px-4 pb-10 text-sm muted">Questions about an order? Reply to its confirmation email.</footer>
    </CartCountProvider>
  );
}
