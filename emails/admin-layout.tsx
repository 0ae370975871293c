import { Body, Button, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { baseStyles as styles } from "./base-styles";
import { linkLine, plainText } from "./plain-text";

interface AdminEmailFrame {
  subject: string;
  /** The small line above the heading: which part of Dispatch writes. */
  brand: string;
  heading: string;
  /** The one thing to do, as a button. */
  action: { label: string; href: string };
  /** A line under the button (how long a link works). */
  footnote?: string;
}

/**
 * What every email to the shop's staff shares (alerts, invitations, password links): the subject as
 * title and preview, the brand line, a heading, the body, one button. No default export, so the
 * react-email preview does not list it as a template of its own.
 */
export function AdminEmail({ subject, brand, heading, action, footnote, children }: AdminEmailFrame & { children: ReactNode }) {
  return (
    <Html lang="en">
      <Head>
        <title>{subject}</title>
      </Head>
      <Preview>{subject}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{brand}</Text>
          <Heading style={styles.heading}>{heading}</Heading>
          {children}
          <Button href={action.href} style={styles.button}>
            {action.label}
          </Button>
          {footnote && <Text style={styles.quiet}>{footnote}</Text>}
        </Container>
      </Body>
    </Html>
  );
}

/** The same frame as plain text, around the template's own `blocks`. */
export function adminText({ brand, heading, action, footnote }: Omit<AdminEmailFrame, "subject">, blocks: Parameters<typeof plainText>[0]): string {
  return plainText([brand, heading.toUpperCase(), ...blocks, linkLine(action.label, action.href), footnote]);
}
