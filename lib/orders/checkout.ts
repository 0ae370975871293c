import { createHash } from "node:crypto";
import { z } from "zod";

/** Countries we ship to; ISO 3166-1 alpha-2 codes. */
export const shippingCountries = {
  AT: "Austria",
  BE: "Belgium",
  DE: "Germany",
  DK: "Denmark",
  ES: "Spain",
  FR: "France",
  IE: "Ireland",
  IT: "Italy",
  NL: "Netherlands",
  PT: "Portugal",
  SE: "Sweden",
} as const;

export const MAX_LINES = 100;
export const MAX_QUANTITY = 99;

/** No C0 control character nor DEL: none belongs in a name or an address, and PostgreSQL refuses NUL in text. */
export const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;
const invisible = (label: string) => `${label} cannot contain tabs, line breaks or other invisible characters`;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)
    .regex(PRINTABLE, invisible(label));

/** An idempotency key as Stripe takes one: 1 to 255 printable (ASCII) characters, a UUID or any other. */
export const isIdempotencyKey = (key: unknown): key is string => typeof key === "string" && /^[\x20-\x7e]{1,255}$/.test(key);

/** The catalog's ids are Prisma's cuid(); anything else cannot name a product, and is not looked up. */
const PRODUCT_ID = /^c[a-z0-9]{24}$/;
export const isProductId = (id: unknown): id is string => typeof id === "string" && PRODUCT_ID.test(id);

export const cartLineSchema = z.object({
  productId: z.string().min(1).max(64),
  quantity: z
    .number({ error: "Quantity must be a number" })
    .int("Quantity must be a whole number")
    .min(1, "Quantity must be at least 1")
    .max(MAX_QUANTITY, `At most ${MAX_QUANTITY} of one item`),
});
export type CartLine = z.infer<typeof cartLineSchema>;

/** The longest each checkout field may be: the form's `maxlength` and the server's rule. */
export const fieldMaxLength = { email: 254, name: 120, addressLine1: 200, addressLine2: 200, city: 100, postalCode: 20 } as const;

/** What a checkout submits. Prices are never part of it: they come from the database. */
export const checkoutSchema = z.object({
  idempotencyKey: z.string().refine(isIdempotencyKey, "The idempotency key must be 1 to 255 printable characters"),
  email: z.email({ error: "Enter a valid email address" }).max(fieldMaxLength.email, `Email must be at most ${fieldMaxLength.email} characters`),
  name: text("Name", fieldMaxLength.name),
  addressLine1: text("Address", fieldMaxLength.addressLine1),
  addressLine2: z
    .string({ error: "Apartment, suite must be text" })
    .trim()
    .max(fieldMaxLength.addressLine2, `Apartment, suite must be at most ${fieldMaxLength.addressLine2} characters`)
    .regex(PRINTABLE, invisible("Apartment, suite"))
    .optional()
    .transform((value) => value || undefined),
  city: text("City", fieldMaxLength.city),
  postalCode: text("Postal code", fieldMaxLength.postalCode).regex(/^[A-Za-z0-9 -]+$/, "Enter a valid postal code"),
  country: z.enum(Object.keys(shippingCountries) as [keyof typeof shippingCountries], {
    error: "Choose a country we ship to",
  }),
  items: z
    .array(cartLineSchema, { error: "Your cart is empty" })
    .min(1, "Your cart is empty")
    .max(MAX_LINES, `At most ${MAX_LINES} different items per order`),
});
export type CheckoutInput = z.infer<typeof checkoutSchema>;

/** What the checkout page submits: who and where, and the cart's version it showed; the items are the cart on the server. */
export const cartCheckoutSchema = checkoutSchema.omit({ idempotencyKey: true, items: true }).extend({
  cartVersion: z.string({ error: "The page is out of date; reload it" }).regex(/^[\w-]{1,64}$/, "The page is out of date; reload it"),
});
/** A checkout as submitted, before validation fills in defaults. */
export type CheckoutSubmission = z.input<typeof checkoutSchema>;
export type FieldErrors = Partial<Record<keyof CheckoutInput, string[]>>;

/**
 * One line per product. Sorted, same items in any order and split any way count as the same cart;
 * with `keepOrder`, lines stay where each product first appeared (the order the shopper chose).
 */
export function mergeLines(lines: readonly CartLine[], { keepOrder = false } = {}): CartLine[] {
  const merged = new Map<string, number>();
  for (const { productId, quantity } of lines) merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  const result = [...merged].map(([productId, quantity]) => ({ productId, quantity }));
  return keepOrder ? result : result.sort((a, b) => a.productId.localeCompare(b.productId));
}

/**
 * Fingerprint of a submission, to tell a retry of it from a different order under the same key. Over
 * the validated input, where an empty optional field is already absent: a field left out counts as one sent empty.
 */
export function requestHash(input: CheckoutInput): string {
  const { idempotencyKey: _key, items, ...customer } = input;
  const fields = Object.entries(customer).filter(([, value]) => value !== undefined);
  const canonical = JSON.stringify([fields.sort(), mergeLines(items)]);
  return createHash("sha256").update(canonical).digest("hex");
}
