import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { SiteHeader } from "@/components/site-header";
import { readCartLines } from "./cart-cookie";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Dispatch Supply Co.", template: "%s · Dispatch Supply Co." },
  description: "Coffee gear and homeware, shipped from our own warehouse.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const cartCount = (await readCartLines()).reduce((sum, line) => sum + line.quantity, 0);
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>
          <SiteHeader cartCount={cartCount} />
          <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
