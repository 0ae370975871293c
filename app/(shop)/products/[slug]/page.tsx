import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AddToCartButton } from "@/components/add-to-cart-button";
import { productBySlug } from "@/lib/catalog/read";
import { formatMoney } from "@/lib/orders/format";

export async function generateMetadata({ params }: PageProps<"/products/[slug]">): Promise<Metadata> {
  const product = await productBySlug((await params).slug);
  return { title: product?.name ?? "Product not found" };
}

export default async function ProductPage({ params }: PageProps<"/products/[slug]">) {
  const product = await productBySlug((await params).slug);
  if (!product) notFound();
  return (
    <>
      <Link href="/" className="text-sm underline muted">
        ← All products
      </Link>
      <div className="mt-4 grid gap-8 md:grid-cols-2 md:gap-12">
        <Image src={product.image} alt={product.name} width={600} height={600} priority className="aspect-square w-full rounded-2xl bg-stone-100 object-cover dark:bg-stone-800" />
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-balance sm:text-4xl">{product.name}</h1>
          <p className="mt-2 text-xl tabular-nums">{formatMoney(product.priceCents, product.currency)}</p>
          <p className="mt-4 max-w-prose leading-7 text-stone-700 dark:text-stone-300">{product.description}</p>
          <div className="mt-8 max-w-xs">
            {product.active ? (
              <AddToCartButton productId={product.id} productName={product.name} />
            ) : (
              <p className="rounded-lg bg-stone-100 px-4 py-3 text-sm dark:bg-stone-800">No longer available.</p>
            )}
          </div>
        </div>
      </div>
    </>
  );
}
