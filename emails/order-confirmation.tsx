import { Column, Hr, Row, Section, Text } from "@react-email/components";
import { ShopperEmail, shopperStyles, shopperText } from "./shop-layout";

export interface OrderConfirmationProps {
  orderNumber: string;
  customerName: string;
  items: { name: string; quantity: number; lineTotal: string }[];
  total: string;
  shippingAddress: string[];
  statusUrl: string;
}

export const confirmationSubject = (orderNumber: string) => `Order ${orderNumber} is confirmed`;
const heading = "Your order is confirmed";

/** The confirmation a shopper gets once the ERP has recorded the order. */
export default function OrderConfirmation({ orderNumber, customerName, items, total, shippingAddress, statusUrl }: OrderConfirmationProps) {
  return (
    <ShopperEmail subject={confirmationSubject(orderNumber)} heading={heading} orderNumber={orderNumber} statusUrl={statusUrl}>
      <Text style={styles.text}>
        Thank you, {customerName}. Our warehouse has your order <strong style={styles.nowrap}>{orderNumber}</strong> and is getting it ready.
      </Text>
      <Section style={styles.items}>
        {items.map((item) => (
          <Row key={item.name} style={styles.row}>
            <Column style={styles.itemName}>
              {item.quantity} × {item.name}
            </Column>
            <Column style={styles.amount}>{item.lineTotal}</Column>
          </Row>
        ))}
        <Hr style={styles.rule} />
        <Row>
          <Column style={styles.totalLabel}>Total</Column>
          <Column style={{ ...styles.amount, ...styles.totalLabel }}>{total}</Column>
        </Row>
      </Section>
      <Text style={styles.label}>Shipping to</Text>
      <Text style={styles.address}>
        {shippingAddress.map((line) => (
          <span key={line}>
            {line}
            <br />
          </span>
        ))}
      </Text>
    </ShopperEmail>
  );
}

/** The confirmation as plain text. */
export function confirmationText({ orderNumber, customerName, items, total, shippingAddress, statusUrl }: OrderConfirmationProps): string {
  return shopperText({ heading, orderNumber, statusUrl }, [
    `Thank you, ${customerName}. Our warehouse has your order ${orderNumber} and is getting it ready.`,
    ...items.map((item) => [`${item.quantity} × ${item.name}`, item.lineTotal]),
    "-".repeat(40),
    ["Total", total],
    "Shipping to",
    shippingAddress,
  ]);
}

OrderConfirmation.PreviewProps = {
  orderNumber: "DSP-001042",
  customerName: "Ada Lovelace",
  items: [
    { name: "Stoneware Mug, Sand", quantity: 2, lineTotal: "€36.00" },
    { name: "Ceramic Pour-Over Dripper", quantity: 1, lineTotal: "€29.00" },
  ],
  total: "€65.00",
  shippingAddress: ["Ada Lovelace", "12 St James's Square", "10115 Berlin", "Germany"],
  statusUrl: "http://localhost:3000/orders/preview",
} satisfies OrderConfirmationProps;

const styles = {
  ...shopperStyles,
  items: { margin: "16px 0" },
  row: { padding: "4px 0" },
  itemName: { color: "#1c1917", fontSize: "15px" },
  amount: { color: "#1c1917", fontSize: "15px", textAlign: "right" as const },
  rule: { borderColor: "#e7e5e4", margin: "12px 0" },
  totalLabel: { color: "#1c1917", fontSize: "16px", fontWeight: 700 },
  label: { color: "#6b6459", fontSize: "13px", margin: "16px 0 4px" },
  address: { color: "#3f3a33", fontSize: "15px", lineHeight: "22px", margin: 0 },
};
