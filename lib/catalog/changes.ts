import { expireCacheTags } from "../cache-tags";
import { prisma } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { catalogTag, productTag } from "./tags";

/**
 * The only way products change (seed, tests, any future admin): the write, then the cache tags of
 * every page that shows the products, expired for every web instance at once. A change whose
 * expiry fails throws: the caller learns that pages may still show the old product.
 */
export type ProductFields = Omit<Prisma.ProductCreateInput, "orderItems" | "createdAt" | "id">;

/** Creates or updates each product by slug, in one transaction. */
export async function saveProducts(products: readonly ProductFields[]): Promise<void> {
  await prisma.$transaction(products.map((product) => prisma.product.upsert({ where: { slug: product.slug }, create: product, update: product })));
  await expireCacheTags([catalogTag, ...products.map((product) => productTag(product.slug))]);
}

/** Changes one product's fields. */
export async function changeProduct(slug: string, change: Partial<Omit<ProductFields, "slug">>): Promise<void> {
  await prisma.product.update({ where: { slug }, data: change });
  await expireCacheTags([catalogTag, productTag(slug)]);
}
