import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { readCartLines } from "./cart-cookie";

export default async function ShopLayout({ children }: { children: ReactNode }) {
  const cartCount = (await readCartLines()).reduce((sum, line) => sum + line.quantity, 0);
  return (
    <>
      <SiteHeader cartCount={cartCount} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
