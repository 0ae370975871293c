import { expect, test, type Page } from "@playwright/test";
import { e2e } from "./support/env";
import { sql } from "./support/shop";

const slug = "linen-tea-towel";
const name = "Striped Linen Tea Towel";

/** lib/catalog/changes.ts, with this process pointed at the suite's database and Redis. */
async function catalogChanges() {
  Object.assign(process.env, { DATABASE_URL: e2e.appEnv.DATABASE_URL, REDIS_URL: e2e.appEnv.REDIS_URL, QUEUE_PREFIX: e2e.appEnv.QUEUE_PREFIX });
  return import("../lib/catalog/changes");
}

async function priceOn(page: Page, path: string): Promise<string> {
  await page.goto(path);
  const scope = path === "/" ? page.getByTestId("product-card").filter({ hasText: name }) : page.getByRole("main");
  return (await scope.getByText(/^€\d+\.\d\d$/).textContent())!;
}

test("the catalog and product pages come from the cache; a change made through changeProduct reaches both at once", async ({ page }) => {
  const [product] = await sql<{ priceCents: number }>(`SELECT "priceCents" FROM "Product" WHERE slug = $1`, [slug]);
  const pages = ["/", `/products/${slug}`];
  const before: string[] = [];
  for (const path of pages) before.push(await priceOn(page, path)); // cached from here on

  // A write that goes around changeProduct: both pages keep showing what they showed, which they
  // could not if they read the database on each view.
  await sql(`UPDATE "Product" SET "priceCents" = "priceCents" + 10000 WHERE slug = $1`, [slug]);
  try {
    for (const [index, path] of pages.entries()) expect(await priceOn(page, path), path).toBe(before[index]);
  } finally {
    await sql(`UPDATE "Product" SET "priceCents" = $2 WHERE slug = $1`, [slug, product!.priceCents]);
  }

  // The same kind of change through the one function that changes products shows on the next view.
  const { changeProduct } = await catalogChanges();
  await changeProduct(slug, { priceCents: product!.priceCents + 100 });
  try {
    for (const path of pages) expect(await priceOn(page, path), path).toBe(`€${((product!.priceCents + 100) / 100).toFixed(2)}`);
    await changeProduct(slug, { active: false });
    await page.goto("/");
    await expect(page.getByTestId("product-card").filter({ hasText: name })).toHaveCount(0);
    await page.goto(`/products/${slug}`);
    await expect(page.getByText("No longer available.")).toBeVisible();
  } finally {
    await changeProduct(slug, { priceCents: product!.priceCents, active: true });
  }
  for (const [index, path] of pages.entries()) expect(await priceOn(page, path), path).toBe(before[index]);
});
