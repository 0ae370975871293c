import { afterAll, describe, expect, it } from "vitest";
import { expireCacheTags } from "@/lib/cache-tags";
import { changeProduct } from "@/lib/catalog/changes";
import { catalogTag, productTag } from "@/lib/catalog/tags";
import { prisma } from "@/lib/db";
import { createNextCacheHandler } from "@/lib/next-cache-handler";

afterAll(async () => {
  await prisma.$disconnect();
});

/** What Next passes for an `unstable_cache` entry (kind FETCH) with these tags. */
const fetchContext = (tags: string[]) => ({ kind: "FETCH", revalidate: false, fetchUrl: undefined, fetchIdx: 0, tags, softTags: [] }) as never;
const setContext = (tags: string[]) => ({ fetchCache: true, tags }) as never;
const value = (body: string) => ({ kind: "FETCH", data: { headers: {}, body, status: 200, url: "" }, revalidate: false }) as never;

describe("the data cache's handler", () => {
  it("serves an entry until one of its tags is expired, by any process, and again once stored anew", async () => {
    const instanceA = createNextCacheHandler();
    const instanceB = createNextCacheHandler();
    const tag = `test-tag-${Date.now()}`;
    await instanceA.set("key", value("old"), setContext([tag]));
    expect((await instanceA.get("key", fetchContext([tag])))?.value).toEqual(value("old"));

    await expireCacheTags([tag]); // as the seed script or a test would, from another process
    expect(await instanceA.get("key", fetchContext([tag]))).toBeNull();

    // An expiry through one instance's revalidateTag reaches another instance's entries.
    const otherTag = `${tag}-other`;
    await instanceB.set("other", value("other"), setContext([otherTag]));
    expect((await instanceB.get("other", fetchContext([otherTag])))?.value).toEqual(value("other"));
    await instanceA.revalidateTag(otherTag);
    expect(await instanceB.get("other", fetchContext([otherTag]))).toBeNull();
  });

  it("changeProduct writes the product and expires the catalog's and the product's tags", async () => {
    const instance = createNextCacheHandler();
    const product = await prisma.product.findFirstOrThrow({ where: { active: true } });
    const tags = [catalogTag, productTag(product.slug)];
    for (const tag of tags) await instance.set(tag, value("cached"), setContext([tag]));
    await changeProduct(product.slug, { priceCents: product.priceCents + 1 });
    try {
      expect((await prisma.product.findUniqueOrThrow({ where: { slug: product.slug } })).priceCents).toBe(product.priceCents + 1);
      for (const tag of tags) expect(await instance.get(tag, fetchContext([tag])), tag).toBeNull();
    } finally {
      await changeProduct(product.slug, { priceCents: product.priceCents });
    }
  });
});
