/**
 * The shop's catalog: what `prisma/seed.ts` upserts (by slug) into the Product table.
 * Images live in public/products/<slug>.svg. Prices are in cents, all in EUR.
 */
export type CatalogProduct = {
  slug: string;
  /** What the ERP knows the product by; never reused for another product. */
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  currency: "EUR";
  image: `/products/${string}.svg`;
  /** Defaults to true; a discontinued product stays in the table (old orders point at it) but cannot be bought. */
  active?: boolean;
};

export const catalog: readonly CatalogProduct[] = [
  {
    slug: "house-blend-beans",
    sku: "COF-HB-250",
    name: "House Blend Coffee, 250 g",
    description:
      "Our everyday roast: Brazilian and Ethiopian beans roasted medium for notes of cocoa, red apple and toasted hazelnut. Roasted in small batches every Tuesday and shipped whole bean.",
    priceCents: 1290,
    currency: "EUR",
    image: "/products/house-blend-beans.svg",
  },
  {
    slug: "linen-tea-towel",
    sku: "TXT-LT-01",
    name: "Striped Linen Tea Towel",
    description:
      "Stonewashed Lithuanian linen in oatmeal with an indigo stripe. Gets softer and more absorbent with every wash, and has a loop for hanging.",
    priceCents: 1600,
    currency: "EUR",
    image: "/products/linen-tea-towel.svg",
  },
  {
    slug: "espresso-cups",
    sku: "CER-EC-02",
    name: "Espresso Cups, Set of Two",
    description:
      "Two thick-walled porcelain cups with matching saucers, one in chalk white and one in sage. They hold a 70 ml double and keep it hot to the last sip.",
    priceCents: 2200,
    currency: "EUR",
    image: "/products/espresso-cups.svg",
  },
  {
    slug: "stoneware-mug",
    sku: "CER-SM-01",
    name: "Fieldstone Stoneware Mug",
    description:
      "A hand-dipped 350 ml mug in a rust-red glaze, with the raw clay left bare at the foot. Made for us by a small pottery in Porto; dishwasher and microwave safe.",
    priceCents: 2400,
    currency: "EUR",
    image: "/products/stoneware-mug.svg",
  },
  {
    slug: "coffee-canister",
    sku: "STO-CC-01",
    name: "Airtight Coffee Canister",
    description:
      "A powder-coated steel canister with a one-way CO₂ valve in the lid, so freshly roasted beans can breathe out without letting air in. Holds 500 g of whole beans.",
    priceCents: 2900,
    currency: "EUR",
    image: "/products/coffee-canister.svg",
  },
  {
    slug: "pour-over-dripper",
    sku: "BRW-PO-01",
    name: "Ceramic Pour-Over Dripper",
    description:
      "A glazed porcelain cone with spiral ribs for an even, unhurried extraction. Brews one to four cups straight into a mug or carafe and takes standard #02 filters.",
    priceCents: 3200,
    currency: "EUR",
    image: "/products/pour-over-dripper.svg",
  },
  {
    slug: "moka-pot",
    sku: "BRW-MP-06",
    name: "Stovetop Moka Pot, 3 Cup",
    description:
      "The classic eight-sided aluminium moka pot, brewing strong, syrupy coffee on gas or electric hobs in about five minutes. Spare gaskets are included.",
    priceCents: 3600,
    currency: "EUR",
    image: "/products/moka-pot.svg",
  },
  {
    slug: "oak-serving-board",
    sku: "WOD-SB-01",
    name: "Oak Serving Board",
    description:
      "Cut from a single piece of European oak and finished with food-safe oil. Big enough for a loaf and a wedge of cheese, with a hole in the handle to hang it on the wall.",
    priceCents: 3900,
    currency: "EUR",
    image: "/products/oak-serving-board.svg",
  },
  {
    slug: "french-press",
    sku: "BRW-FP-08",
    name: "French Press, 1 Litre",
    description:
      "Borosilicate glass in a brushed stainless steel frame, with a fine double mesh filter that keeps the grounds out of your cup. Makes eight small cups or three big ones.",
    priceCents: 4500,
    currency: "EUR",
    image: "/products/french-press.svg",
  },
  {
    slug: "brew-scale",
    sku: "ACC-BS-01",
    name: "Brew Scale with Timer",
    description:
      "Weighs to 0.1 g up to 2 kg and starts its timer the moment you begin to pour. The silicone pad lifts off for cleaning, and it charges over USB-C.",
    priceCents: 4900,
    currency: "EUR",
    image: "/products/brew-scale.svg",
  },
  {
    slug: "gooseneck-kettle",
    sku: "BRW-GK-10",
    name: "Gooseneck Pour-Over Kettle",
    description:
      "A 1-litre matte black kettle with a slender spout for a slow, precise pour and an oak handle that stays cool. Works on every hob, induction included.",
    priceCents: 6900,
    currency: "EUR",
    image: "/products/gooseneck-kettle.svg",
  },
  {
    slug: "hand-grinder",
    sku: "BRW-HG-01",
    name: "Hand Burr Grinder",
    description:
      "Stainless steel conical burrs with 40 click settings, from espresso-fine to French press-coarse. Grinds 20 g for a pour-over in under a minute and packs neatly into a travel bag.",
    priceCents: 11900,
    currency: "EUR",
    image: "/products/hand-grinder.svg",
  },
  {
    slug: "enamel-milk-pan",
    sku: "CKW-MP-01",
    name: "Enamel Milk Pan",
    description:
      "A 750 ml enamelled steel pan with a navy rim, pouring lip and beech handle. No longer made by the workshop that supplied it, so we have retired it from the shop.",
    priceCents: 2600,
    currency: "EUR",
    image: "/products/enamel-milk-pan.svg",
    active: false,
  },
];
