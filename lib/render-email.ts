import type { ReactElement } from "react";
import { plainTextSelectors } from "@react-email/render";
import { compile } from "html-to-text";

// react-email's render() goes through web streams (1.3–1.8 ms an email here) and its toPlainText()
// compiles its selectors on every call (0.9–1.3 ms): together about a quarter of the worker's CPU per order.
// The templates never suspend, so React's static renderer gives the same markup (0.15–0.2 ms), and
// react-email's own text selectors compiled once give the same text (0.3 ms). docs/benchmarks.
// react-dom/server is imported when used, as react-email does: Next.js refuses a static import of it
// in a module that server components import (the admin's email preview).
const XHTML_DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

/** A react-email template as the HTML and plain text of one email. */
export async function renderEmail(email: ReactElement): Promise<{ html: string; text: string }> {
  const { renderToStaticMarkup } = await import("react-dom/server");
  const html = XHTML_DOCTYPE + renderToStaticMarkup(email);
  return { html, text: toPlainText(html) };
}
