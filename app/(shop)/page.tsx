import { ProductCard } from "@/components/product-card";
import { activeProducts } from "@/lib/catalog/read";

// Rendered per request (the header's cart count), never at build; the products come from the cache.
export const dynamic = "force-dynamic";

export default async function CatalogPage() {
  const products = await activeProducts();
  return (
    <>
      <h1 className="text-3xl font-semibold tracking-tight text-balance sm:text-4xl">Everything for a slower morning</h1>
      <p className="mt-3 max-w-2xl text-lg muted">Coffee gear and homeware we use ourselves, packed and shipped from our own warehouse.</p>
      <ul className="mt-10 grid grid-cols-1 gap-5 sm:grid-cols-2 lg:grid-cols-4">
        {products.map((product) => (
          <li key={product.id}>
            <ProductCard product={product} />
          </li>
        ))}
      </ul>
    </>
  );
}
