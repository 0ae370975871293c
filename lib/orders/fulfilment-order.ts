import type { OrderStatus } from "../generated/prisma/enums";
import { pool } from "../db";
import type { PricedLine } from "./pricing";

/** What the worker's jobs read of an order: enough to send it to the ERP and to email the shopper. */
export interface FulfilmentOrder {
  id: string;
  number: number;
  publicToken: string;
  status: OrderStatus;
  email: string;
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  postalCode: string;
  country: string;
  totalCents: number;
  currency: string;
  /** As the checkout priced them. */
  items: PricedLine[];
}

/**
 * The order with its items, in one statement on the pg driver: each of the worker's two jobs reads
 * it, and Prisma's include took two statements and most of the CPU of a read (docs/benchmarks).
 */
export async function loadFulfilmentOrder(orderId: string): Promise<FulfilmentOrder> {
  const { rows } = await pool.query<FulfilmentOrder>(
    `SELECT o.id::text, o.number, o."publicToken", o.status, o.email, o.name, o."addressLine1", o."addressLine2",
            o.city, o."postalCode", o.country, o."totalCents", o.currency,
            COALESCE((SELECT json_agg(json_build_object('productId', i."productId", 'productName', i."productName",
                                                        'unitPriceCents', i."unitPriceCents", 'quantity', i.quantity))
                      FROM "OrderItem" i WHERE i."orderId" = o.id), '[]') AS items
     FROM "Order" o WHERE o.id = $1::uuid`,
    [orderId],
  );
  if (!rows[0]) throw new Error(`Order ${orderId} does not exist`);
  return rows[0];
}
