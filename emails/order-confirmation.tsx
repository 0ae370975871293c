import { Body, Button, Column, Container, Head, Heading, Hr, Html, Preview, Row, Section, Text } from "@react-email/components";

export interface OrderConfirmationProps {
  orderNumber: string;
  customerName: string;
  items: { name: string; quantity: number; lineTotal: string }[];
  total: string;
  shippingAddress: string[];
  statusUrl: string;
}

/** The confirmation a shopper gets once the ERP has recorded the order. */
export default function OrderConfirmation({ orderNumber, customerName, items, total, shippingAddress, statusUrl }: OrderConfirmationProps) {
  return (
    <Html lang="en">
      <Head>
        {/* Named like the subject: what a browser tab, or a screen reader, announces. */}
        <title>{`Order ${orderNumber} is confirmed`}</title>
      </Head>
      <Preview>{`Order ${orderNumber} is confirmed`}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Dispatch Supply Co.</Text>
          <Heading style={styles.heading}>Your order is confirmed</Heading>
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
          <Button href={statusUrl} style={styles.button}>
            Follow your order
          </Button>
          <Text style={styles.footer}>Questions? Reply to this email and quote {orderNumber}.</Text>
        </Container>
      </Body>
    </Html>
  );
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
  body: { backgroundColor: "#f6f5f2", fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif", padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "12px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  brand: { color: "#6b6459", fontSize: "13px", letterSpacing: "0.08em", margin: 0, textTransform: "uppercase" as const },
  heading: { color: "#1c1917", fontSize: "24px", margin: "12px 0" },
  text: { color: "#3f3a33", fontSize: "15px", lineHeight: "24px" },
  items: { margin: "16px 0" },
  row: { padding: "4px 0" },
  itemName: { color: "#1c1917", fontSize: "15px" },
  amount: { color: "#1c1917", fontSize: "15px", textAlign: "right" as const },
  rule: { borderColor: "#e7e5e4", margin: "12px 0" },
  totalLabel: { color: "#1c1917", fontSize: "16px", fontWeight: 700 },
  label: { color: "#6b6459", fontSize: "13px", margin: "16px 0 4px" },
  address: { color: "#3f3a33", fontSize: "15px", lineHeight: "22px", margin: 0 },
  button: { backgroundColor: "#1c1917", borderRadius: "8px", color: "#ffffff", display: "inline-block", fontSize: "15px", marginTop: "24px", padding: "12px 20px" },
  nowrap: { whiteSpace: "nowrap" as const },
  footer: { color: "#78716c", fontSize: "13px", marginTop: "24px" },
};
