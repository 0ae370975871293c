import Image from "next/image";
import Link from "next/link";
import { formatMoney } from "@/lib/orders/format";
import { AddToCartButton } from "./add-to-cart-button";

export interface ProductSummary {
  id: string;
  slug: string;
  name: string;
  image: string;
  priceCents: number;
  currency: string;
}

export function ProductCard({ product }: { product: ProductSummary }) {
  return (
    <article className="flex flex-col rounded-2xl border border-stone-200 bg-white p-3 dark:border-stone-700 dark:bg-stone-900" data-testid="product-card">
      <Link href={`/products/${product.slug}`} className="group block">
        <Image src={product.image} alt="" width={600} height={600} className="aspect-square w-full rounded-xl object-cover" />
        <h2 className="mt-3 font-medium group-hover:underline">{product.name}</h2>
      </Link>
      <p className="mb-3 text-stone-600 dark:text-stone-400">{formatMoney(product.priceCents, product.currency)}</p>
      <div className="mt-auto">
        <AddToCartButton productId={product.id} productName={product.name} />
      </div>
    </article>
  );
}
