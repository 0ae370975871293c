import { unstable_cache } from "next/cache";
import { prisma } from "../db";
import { catalogTag, productTag } from "./tags";

/**
 * The catalog as its pages show it, from Next's data cache: the database is read once per change
 * and web instance, not once per view. Every change to products goes through
 * lib/catalog/changes.ts, which expires these tags for every instance (lib/next-cache-handler.ts).
 */
const shown = { id: true, slug: true, name: true, description: true, image: true, priceCents: true, currency: true, active: true } as const;

/** The products on sale, A to Z. */
export const activeProducts = unstable_cache(() => prisma.product.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: shown }), ["catalog-active-products"], {
  tags: [catalogTag],
});

/** One product by its slug, on sale or not (its page says so), or null. */
export const productBySlug = (slug: string) =>
  unstable_cache(() => prisma.product.findUnique({ where: { slug }, select: shown }), ["catalog-product", slug], { tags: [productTag(slug)] })();
