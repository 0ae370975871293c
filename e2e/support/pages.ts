import { writeFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { RunOptions } from "axe-core";
import { expect, test, type Page } from "@playwright/test";

/** WCAG 2.0 and 2.1, levels A and AA: what the shop promises every shopper. */
export const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * No WCAG 2.1 A/AA violation of any impact, and no serious or critical best-practice one, on the
 * page as it is now: every rule in dark mode, then colour contrast again in light mode (the only
 * rule the scheme changes; one full run each cost the ERP-outage test its 15 s sync deadline).
 * `label-content-name-mismatch` (2.5.3 Label in Name) is experimental in axe and off by default,
 * so it is switched on by name.
 */
export async function expectAccessible(page: Page) {
  const runs: { colorScheme: "dark" | "light"; options: RunOptions }[] = [
    { colorScheme: "dark", options: { runOnly: { type: "tag", values: [...wcagTags, "best-practice"] }, rules: { "label-content-name-mismatch": { enabled: true } } } },
    { colorScheme: "light", options: { runOnly: { type: "rule", values: ["color-contrast"] } } },
  ];
  for (const { colorScheme, options } of runs) {
    await page.emulateMedia({ colorScheme });
    // A sandboxed frame (the admin's preview of an email) lets no script in, and axe would wait for
    // it until the test times out; emails are checked on their own (checkout.spec.ts).
    const { violations } = await new AxeBuilder({ page }).options(options).exclude("iframe[sandbox]").analyze();
    const failing = violations
      .filter((violation) => violation.tags.some((tag) => wcagTags.includes(tag)) || violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
    // Soft: the tour goes on, so one run lists every page's violations.
    expect.soft(failing, `axe, ${colorScheme} mode, ${page.url()}`).toEqual([]);
  }
}

/**
 * A full-page screenshot, attached to the test's report. With SCREENSHOTS_DIR set
 * (`SCREENSHOTS_DIR=docs/screenshots npx playwright test e2e/pages.spec.ts`) it is also written
 * there as <name>.png: that is how docs/screenshots/ is regenerated.
 */
export async function screenshot(page: Page, name: string) {
  const body = await page.screenshot({ fullPage: true, animations: "disabled", caret: "hide" });
  await test.info().attach(name, { body, contentType: "image/png" });
  if (process.env.SCREENSHOTS_DIR) await writeFile(path.join(process.env.SCREENSHOTS_DIR, `${name}.png`), body);
}

/** The page's cumulative layout shift since `trackLayoutShift` ran on it. */
export async function trackLayoutShift(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const state = window as unknown as { layoutShift: number };
    state.layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) state.layoutShift += entry.value;
      }
    }).observe({ type: "layout-shift" });
  });
  return () => page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift);
}
