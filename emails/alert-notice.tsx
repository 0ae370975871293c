import { Text } from "@react-email/components";
import { AdminEmail, adminText } from "./admin-layout";
import { baseStyles as styles } from "./base-styles";

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

const frame = ({ label, title, link }: AlertNoticeProps) => ({ brand: `Dispatch alert · ${label}`, heading: title, action: { label: "Open the admin", href: link } });

/** What the merchant gets when a condition starts, persists or clears (lib/alerts). */
export default function AlertNotice(props: AlertNoticeProps) {
  return (
    <AdminEmail subject={`${props.label}: ${props.title}`} {...frame(props)}>
      <Text style={styles.text}>{props.detail}</Text>
      <Text style={styles.quiet}>Since {props.since}</Text>
    </AdminEmail>
  );
}

/** The notice as plain text. */
export function alertNoticeText(props: AlertNoticeProps): string {
  return adminText(frame(props), [props.detail, `Since ${props.since}`]);
}

AlertNotice.PreviewProps = {
  label: "Alert",
  title: "200 orders need attention",
  detail: "200 × Refused by the ERP: ERP answered 422: postal code … is not valid for DE",
  since: "2 Dec 2026, 14:03 UTC",
  link: "http://localhost:3000/admin/attention",
} satisfies AlertNoticeProps;
