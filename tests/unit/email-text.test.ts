import { plainTextSelectors } from "@react-email/render";
import { compile } from "html-to-text";
import { describe, expect, it } from "vitest";
import AlertNotice, { alertNoticeText } from "@/emails/alert-notice";
import OrderConfirmation, { confirmationText } from "@/emails/order-confirmation";
import OrderDelayed, { delayedText } from "@/emails/order-delayed";
import StaffLink, { staffLinkText } from "@/emails/staff-link";
import { renderEmail } from "@/lib/render-email";

// The plain text each template writes must say what its HTML says: the text react-email's own
// converter makes of the HTML, blank lines aside.
const converted = compile({ wordwrap: false, selectors: plainTextSelectors });
const lines = (text: string) => text.replace(/\n{3,}/g, "\n\n").trim();

describe("each email's plain text is its HTML in words", () => {
  const cases = [
    ["confirmation", () => renderEmail(OrderConfirmation, confirmationText, OrderConfirmation.PreviewProps)],
    [
      "confirmation, one item, two address lines",
      () =>
        renderEmail(OrderConfirmation, confirmationText, {
          ...OrderConfirmation.PreviewProps,
          items: [{ name: "Oak Serving Board", quantity: 99, lineTotal: "€3,861.00" }],
          shippingAddress: ["Grace Hopper", "Flat 3", "1 Navy Yard", "10115 Berlin", "Germany"],
        }),
    ],
    ["delay notice", () => renderEmail(OrderDelayed, delayedText, OrderDelayed.PreviewProps)],
    ["staff invitation", () => renderEmail(StaffLink, staffLinkText, StaffLink.PreviewProps)],
    ["password reset", () => renderEmail(StaffLink, staffLinkText, { kind: "reset", name: "Ada", link: "http://localhost:3000/admin/set-password?token=x", validFor: "1 hour" })],
    ["alert notice", () => renderEmail(AlertNotice, alertNoticeText, AlertNotice.PreviewProps)],
  ] as const;

  for (const [name, render] of cases) {
    it(name, async () => {
      const { html, text } = await render();
      expect(text.length).toBeGreaterThan(50);
      expect(lines(text)).toBe(lines(converted(html)));
    });
  }
});
