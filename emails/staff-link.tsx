import { Body, Button, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";
import { styles as noticeStyles } from "./alert-notice";
import { linkLine, plainText } from "./plain-text";

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

const greeting = ({ kind, name, role, invitedBy }: StaffLinkProps) =>
  kind === "invite"
    ? `Hello ${name}, ${invitedBy} added you to the shop's admin as ${role}. Choose your password to start.`
    : `Hello ${name}, someone asked to set a new password for your admin account. If it was not you, ignore this email: nothing changes.`;
const buttonLabel = ({ kind }: Pick<StaffLinkProps, "kind">) => (kind === "invite" ? "Choose my password" : "Set a new password");

/** The one-time link a person follows to set their admin password (lib/staff/links.ts). */
export default function StaffLink(props: StaffLinkProps) {
  const subject = staffLinkSubject(props);
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
          <Text style={styles.text}>{greeting(props)}</Text>
          <Button href={props.link} style={styles.button}>
            {buttonLabel(props)}
          </Button>
          <Text style={styles.note}>The link works once, for {props.validFor}.</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The link as plain text. */
export function staffLinkText(props: StaffLinkProps): string {
  return plainText(["Dispatch admin", staffLinkSubject(props).toUpperCase(), greeting(props), linkLine(buttonLabel(props), props.link), `The link works once, for ${props.validFor}.`]);
}

StaffLink.PreviewProps = {
  kind: "invite",
  name: "Ada",
  role: "operator",
  invitedBy: "Marta",
  link: "http://localhost:3000/admin/set-password?token=preview",
  validFor: "3 days",
} satisfies StaffLinkProps;

const styles = { ...noticeStyles, note: noticeStyles.since };
