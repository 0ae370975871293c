import { Text } from "@react-email/components";
import { ShopperEmail, shopperStyles as styles, shopperText } from "./shop-layout";

export interface OrderDelayedProps {
  orderNumber: string;
  customerName: string;
  statusUrl: string;
}

export const delayedSubject = (orderNumber: string) => `Order ${orderNumber} is taking longer than usual`;
const heading = "Your order is taking longer";
const reassurance = "Nothing is needed from you. We'll email your confirmation as soon as the order is confirmed, and its page shows where it stands.";

/**
 * What a shopper gets, once, when their order stops for a person (lib/orders/delay-notice.ts). Each
 * sentence is something that happens: the order is kept, the team is alerted (lib/alerts), the
 * confirmation is sent once the order syncs (lib/orders/send-confirmation.ts).
 */
export default function OrderDelayed({ orderNumber, customerName, statusUrl }: OrderDelayedProps) {
  return (
    <ShopperEmail subject={delayedSubject(orderNumber)} heading={heading} orderNumber={orderNumber} statusUrl={statusUrl}>
      <Text style={styles.text}>
        Thank you, {customerName}. We have your order <strong style={styles.nowrap}>{orderNumber}</strong>, but our warehouse has not confirmed it yet, so it is
        taking longer than usual. It waits for our team, who get an alert about it.
      </Text>
      <Text style={styles.text}>{reassurance}</Text>
    </ShopperEmail>
  );
}

/** The delay notice as plain text. */
export function delayedText({ orderNumber, customerName, statusUrl }: OrderDelayedProps): string {
  return shopperText({ heading, orderNumber, statusUrl }, [
    `Thank you, ${customerName}. We have your order ${orderNumber}, but our warehouse has not confirmed it yet, so it is taking longer than usual. It waits for our team, who get an alert about it.`,
    reassurance,
  ]);
}

OrderDelayed.PreviewProps = {
  orderNumber: "DSP-001042",
  customerName: "Ada Lovelace",
  statusUrl: "http://localhost:3000/orders/preview",
} satisfies OrderDelayedProps;
