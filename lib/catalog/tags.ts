/** Next's cache tags for the catalog: one for the list of products, one per product page (by slug). */
export const catalogTag = "catalog";
export const productTag = (slug: string) => `product:${slug}`;
