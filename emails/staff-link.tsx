import { Text } from "@react-email/components";
import { AdminEmail, adminText } from "./admin-layout";
import { baseStyles as styles } from "./base-styles";

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

const frame = (props: StaffLinkProps) => ({
  brand: "Dispatch admin",
  heading: staffLinkSubject(props),
  action: { label: props.kind === "invite" ? "Choose my password" : "Set a new password", href: props.link },
  footnote: `The link works once, for ${props.validFor}.`,
});

/** The one-time link a person follows to set their admin password (lib/staff/links.ts). */
export default function StaffLink(props: StaffLinkProps) {
  return (
    <AdminEmail subject={staffLinkSubject(props)} {...frame(props)}>
      <Text style={styles.text}>{greeting(props)}</Text>
    </AdminEmail>
  );
}

/** The link as plain text. */
export function staffLinkText(props: StaffLinkProps): string {
  return adminText(frame(props), [greeting(props)]);
}

StaffLink.PreviewProps = {
  kind: "invite",
  name: "Ada",
  role: "operator",
  invitedBy: "Marta",
  link: "http://localhost:3000/admin/set-password?token=preview",
  validFor: "3 days",
} satisfies StaffLinkProps;
