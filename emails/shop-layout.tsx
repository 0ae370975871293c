import { Body, Button, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { baseStyles } from "./base-styles";
import { linkLine, plainText } from "./plain-text";

/**
 * What every email to a shopper about an order shares: the subject as title and preview, the shop's
 * name, a heading, the link to the order's status page and the footer. No default export, so the
 * react-email preview does not list it as a template of its own.
 */
export function ShopperEmail({ subject, heading, orderNumber, statusUrl, children }: { subject: string; heading: string; orderNumber: string; statusUrl: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head>
        {/* Named like the subject: what a browser tab, or a screen reader, announces. */}
        <title>{subject}</title>
      </Head>
      <Preview>{subject}</Preview>
      <Body style={shopperStyles.body}>
        <Container style={shopperStyles.container}>
          <Text style={shopperStyles.brand}>Dispatch Supply Co.</Text>
          <Heading style={shopperStyles.heading}>{heading}</Heading>
          {children}
          <Button href={statusUrl} style={shopperStyles.button}>
            Follow your order
          </Button>
          <Text style={shopperStyles.footer}>Questions? Reply to this email and quote {orderNumber}.</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The same frame as plain text, around the template's own `blocks`. */
export function shopperText({ heading, orderNumber, statusUrl }: { heading: string; orderNumber: string; statusUrl: string }, blocks: Parameters<typeof plainText>[0]) {
  return plainText(["Dispatch Supply Co.", heading.toUpperCase(), ...blocks, linkLine("Follow your order", statusUrl), `Questions? Reply to this email and quote ${orderNumber}.`]);
}

export const shopperStyles = {
  ...baseStyles,
  heading: { ...baseStyles.heading, fontSize: "24px" },
  nowrap: { whiteSpace: "nowrap" as const },
  button: { ...baseStyles.button, marginTop: "24px" },
  footer: { ...baseStyles.quiet, marginTop: "24px" },
};
