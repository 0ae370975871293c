import { prisma } from "../db";
import { describeItems, formatMoney, formatOrderNumber, shopperDeliveryLabels } from "./format";
import { isSettled, type OrderStatus } from "./state-machine";
import { shopperTimeline, type ShopperTimeline } from "./timeline";

/** What the shopper's status page and its polling route may show: nothing internal. */
export interface PublicOrderStatus extends ShopperTimeline {
  number: string;
  status: OrderStatus;
  settled: boolean;
  placedAt: string;
  email: string;
  items: { name: string; quantity: number; lineTotal: string }[];
  total: string;
  /** The emails that went to the shopper, oldest first, as sent (subject), with what the mail API last reported. */
  emails: { subject: string; sentAt: string; delivery: string }[];
}

/** Tokens are 32 base64url characters; anything else cannot be one and skips the query. */
const tokenShape = /^[\w-]{32}$/;

export async function getPublicOrderStatus(token: string): Promise<PublicOrderStatus | null> {
  if (!tokenShape.test(token)) return null;
  const order = await prisma.order.findUnique({
    where: { publicToken: token },
    include: {
      items: { orderBy: [{ position: "asc" }, { productName: "asc" }] },
      events: { orderBy: { sequence: "asc" }, select: { type: true, createdAt: true } },
      emails: { orderBy: { sentAt: "asc" }, select: { subject: true, sentAt: true, delivery: true } },
    },
  });
  if (!order) return null;
  return {
    number: formatOrderNumber(order.number),
    status: order.status,
    settled: isSettled(order.status),
    placedAt: order.createdAt.toISOString(),
    email: order.email,
    items: describeItems(order.items, order.currency),
    total: formatMoney(order.totalCents, order.currency),
    emails: order.emails.map((email) => ({ subject: email.subject, sentAt: email.sentAt.toISOString(), delivery: shopperDeliveryLabels[email.delivery ?? "SENT"] })),
    ...shopperTimeline(order.status, order.events),
  };
}
