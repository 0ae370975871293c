import { Body, Button, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";

export interface StaffLinkProps {
  /** An invitation to set a first password, or a link to set a new one. */
  kind: "invite" | "reset";
  name: string;
  /** For an invitation: the role it grants and who sent it. */
  role?: string;
  invitedBy?: string;
  link: string;
  /** How long the link works, in words. */
  validFor: string;
}

export const staffLinkSubject = ({ kind }: Pick<StaffLinkProps, "kind">) =>
  kind === "invite" ? "You are invited to the Dispatch admin" : "Set a new password for the Dispatch admin";

/** The one-time link a person follows to set their admin password (lib/staff/links.ts). */
export default function StaffLink({ kind, name, role, invitedBy, link, validFor }: StaffLinkProps) {
  const subject = staffLinkSubject({ kind });
  return (
    <Html lang="en">
      <Head>
        <title>{subject}</title>
      </Head>
      <Preview>{subject}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Dispatch admin</Text>
          <Heading style={styles.heading}>{subject}</Heading>
          <Text style={styles.text}>
            {kind === "invite"
              ? `Hello ${name}, ${invitedBy} added you to the shop's admin as ${role}. Choose your password to start.`
              : `Hello ${name}, someone asked to set a new password for your admin account. If it was not you, ignore this email: nothing changes.`}
          </Text>
          <Button href={link} style={styles.button}>
            {kind === "invite" ? "Choose my password" : "Set a new password"}
          </Button>
          <Text style={styles.note}>The link works once, for {validFor}.</Text>
        </Container>
      </Body>
    </Html>
  );
}

StaffLink.PreviewProps = {
  kind: "invite",
  name: "Ada",
  role: "operator",
  invitedBy: "Marta",
  link: "http://localhost:3000/admin/set-password?token=preview",
  validFor: "3 days",
} satisfies StaffLinkProps;

const styles = {
  body: { backgroundColor: "#f6f5f2", fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif", padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "12px", margin: "0 auto", maxWidth: "560px", padding: "32px" },
  brand: { color: "#6b6459", fontSize: "13px", letterSpacing: "0.08em", margin: 0, textTransform: "uppercase" as const },
  heading: { color: "#1c1917", fontSize: "22px", margin: "12px 0" },
  text: { color: "#3f3a33", fontSize: "15px", lineHeight: "24px" },
  note: { color: "#78716c", fontSize: "13px" },
  button: { backgroundColor: "#1c1917", borderRadius: "8px", color: "#ffffff", display: "inline-block", fontSize: "15px", marginTop: "16px", padding: "12px 20px" },
};
