import { Body, Button, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";
import { linkLine, plainText } from "./plain-text";

export interface AlertNoticeProps {
  /** "Alert", "Reminder" or "Recovered": what this notice is about the condition. */
  label: string;
  title: string;
  detail: string;
  /** When the condition started, in words (UTC). */
  since: string;
  /** Where in the admin to act on it. */
  link: string;
}

/** What the merchant gets when a condition starts, persists or clears (lib/alerts). */
export default function AlertNotice({ label, title, detail, since, link }: AlertNoticeProps) {
  const subject = `${label}: ${title}`;
  return (
    <Html lang="en">
      <Head>
        <title>{subject}</title>
      </Head>
      <Preview>{subject}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Dispatch alert · {label}</Text>
          <Heading style={styles.heading}>{title}</Heading>
          <Text style={styles.text}>{detail}</Text>
          <Text style={styles.since}>Since {since}</Text>
          <Button href={link} style={styles.button}>
            Open the admin
          </Button>
        </Container>
      </Body>
    </Html>
  );
}

/** The notice as plain text. */
export function alertNoticeText({ label, title, detail, since, link }: AlertNoticeProps): string {
  return plainText([`Dispatch alert · ${label}`, title.toUpperCase(), detail, `Since ${since}`, linkLine("Open the admin", link)]);
}

AlertNotice.PreviewProps = {
  label: "Alert",
  title: "200 orders need attention",
  detail: "200 × Refused by the ERP: ERP answered 422: postal code … is not valid for DE",
  since: "2 Dec 2026, 14:03 UTC",
  link: "http://localhost:3000/admin/attention",
} satisfies AlertNoticeProps;

/** Shared with the other short notices (staff-link.tsx). */
export const styles = {
  body: { backgroundColor: "#f6f5f2", fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif", padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "12px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  brand: { color: "#6b6459", fontSize: "13px", letterSpacing: "0.08em", margin: 0, textTransform: "uppercase" as const },
  heading: { color: "#1c1917", fontSize: "22px", margin: "12px 0" },
  text: { color: "#3f3a33", fontSize: "15px", lineHeight: "24px" },
  since: { color: "#78716c", fontSize: "13px" },
  button: { backgroundColor: "#1c1917", borderRadius: "8px", color: "#ffffff", display: "inline-block", fontSize: "15px", marginTop: "16px", padding: "12px 20px" },
};
