import { createElement, type ReactElement } from "react";

// react-email's render() goes through web streams (1.3–1.8 ms an email here); the templates never
// suspend, so React's static renderer gives the same markup (0.15–0.2 ms). The plain text is written
// beside each template (emails/plain-text.ts) rather than converted from the HTML on every send.
// react-dom/server is imported when first used, as react-email does: Next.js refuses a static import
// of it in a module that server components import (the admin's email preview). Once: each import()
// goes through the module loader again.
const XHTML_DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';
let server: Promise<typeof import("react-dom/server")> | undefined;

/** One email from a react-email template and its plain-text twin, with the same props. */
export async function renderEmail<P extends object>(template: (props: P) => ReactElement, toText: (props: P) => string, props: P): Promise<{ html: string; text: string }> {
  const { renderToStaticMarkup } = await (server ??= import("react-dom/server"));
  return { html: XHTML_DOCTYPE + renderToStaticMarkup(createElement(template, props)), text: toText(props) };
}
