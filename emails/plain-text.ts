/**
 * The plain-text part of an email, written beside its template instead of converted from the HTML
 * on every send (docs/benchmarks): blocks of lines, a blank line between blocks, laid out as an
 * HTML-to-text converter lays out the template (tests/unit/email-text.test.ts holds them together).
 */
export function plainText(blocks: readonly (string | readonly string[] | null | undefined | false)[]): string {
  return blocks
    .filter((block) => block !== null && block !== undefined && block !== false)
    .map((block) => (typeof block === "string" ? block : block.join("\n")))
    .join("\n\n");
}

/** A button as text: its label, then where it goes. */
export const linkLine = (label: string, href: string) => `${label} ${href}`;
