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
    <article className="flex h-full flex-col rounded-2xl border border-stone-200 bg-white p-3 transition-shadow hover:shadow-md dark:border-stone-700 dark:bg-stone-900" data-testid="product-card">
      <Link href={`/products/${product.slug}`} className="group block rounded-xl">
        <Image src={product.image} alt="" width={600} height={600} className="aspect-square w-full rounded-xl bg-stone-100 object-cover dark:bg-stone-800" />
        <h2 className="mt-3 font-medium group-hover:underline">{product.name}</h2>
      </Link>
      <p className="mb-3 mt-1 tabular-nums muted">{formatMoney(product.priceCents, product.currency)}</p>
      <div className="mt-auto">
        <AddToCartButton productId={product.id} productName={product.name} />
      </div>
    </article>
  );
}
