/**
 * Puts the catalog (prisma/catalog.ts) into the database: `npx tsx prisma/seed.ts`.
 * Upserts by slug, so it is safe to run again: existing rows get the catalog's current name,
 * description, price, image and active flag; nothing is duplicated and nothing is deleted
 * (products that old orders point at must stay). Through lib/catalog/changes.ts, so the pages that
 * show products, cached by every running web instance, show the catalog as seeded.
 */
import { saveProducts } from "../lib/catalog/changes";
import { prisma } from "../lib/db";
import { catalog, type CatalogProduct } from "./catalog";

function check(products: readonly CatalogProduct[]) {
  const seen = new Set<string>();
  for (const product of products) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(product.slug)) throw new Error(`Bad slug: ${product.slug}`);
    if (!/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(product.sku)) throw new Error(`Bad SKU for ${product.slug}: ${product.sku}`);
    for (const key of [product.slug, product.sku]) {
      if (seen.has(key)) throw new Error(`Duplicate slug or SKU: ${key}`);
      seen.add(key);
    }
    if (!Number.isInteger(product.priceCents) || product.priceCents <= 0) {
      throw new Error(`Bad price for ${product.slug}: ${product.priceCents}`);
    }
  }
}

async function seed() {
  check(catalog);
  await saveProducts(catalog.map(({ active, ...product }) => ({ ...product, active: active ?? true })));
  const inactive = catalog.filter((product) => product.active === false).length;
  console.log(`Seeded ${catalog.length} products (${catalog.length - inactive} active, ${inactive} inactive)`);
}

try {
  await seed();
} catch (error) {
  console.error("Seeding failed:", error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
