import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Outcome } from "./shop";

/** One scenario's line in the reliability report, whether it passed or not. */
export interface ScenarioReport {
  scenario: string;
  /** Seconds every order had to settle within once the fault had run. */
  settleWithinSeconds: number;
  /** Seconds the orders took to settle (undefined: they did not). */
  settledSeconds?: number;
  seconds: number;
  outcome?: Outcome;
  /** Figures particular to the scenario (stop times, rates, alarms). */
  notes: string[];
  /** Undefined while running; "passed", or what went wrong. */
  result?: string;
}

const counts = (byKey: Record<string, number>) =>
  Object.entries(byKey)
    .map(([key, n]) => `${key}: ${n}`)
    .join("<br>");

function row({ scenario, settleWithinSeconds, settledSeconds, seconds, outcome: o, result }: ScenarioReport): string {
  const figures = o
    ? [o.accepted, o.refused ? `${o.refused} (${counts(o.refusals)})` : 0, o.erpRecords, o.duplicates, o.lost, o.confirmed, counts(o.stopped) || "–", counts(o.open) || "–", o.emailsSent, o.emailDuplicates]
    : Array(10).fill("?");
  const settled = settledSeconds === undefined ? "no" : settledSeconds.toFixed(1);
  return `| ${scenario} | ${figures.join(" | ")} | ${settled} | ${settleWithinSeconds} | ${seconds.toFixed(1)} | ${(result ?? "did not finish").replaceAll("|", "\\|").replaceAll("\n", " ")} |`;
}

/**
 * Writes the report to RELIABILITY_REPORT, or test-results/reliability.md (ignored by git), so that
 * a test run never rewrites a tracked file unless asked to.
 */
export function writeReliabilityReport(reports: ScenarioReport[], { ordersPerScenario, postgresStartupMs, totalSeconds }: { ordersPerScenario: number; postgresStartupMs: number; totalSeconds: number }): string {
  const file = process.env.RELIABILITY_REPORT ?? "test-results/reliability.md";
  const notes = reports.filter((report) => report.notes.length).map((report) => `- **${report.scenario}**: ${report.notes.join("; ")}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `# Reliability under faults

Written by \`npm run test:faults\` (also part of \`npm test\`) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC,
in ${totalSeconds.toFixed(0)} s. Each scenario starts the real processes — the built web app, two workers, the ERP simulator,
a Redis of its own — on a fresh database of a PostgreSQL cluster of the run's own (initdb and start took
${(postgresStartupMs / 1000).toFixed(1)} s), checks out orders (${ordersPerScenario} unless the scenario says otherwise) through
\`POST /api/orders\` while the fault happens, waits until every order is confirmed or stopped for a person, and compares the
shop's database with the ERP's records and the mail API's inbox.

*Refused*: checkouts not answered 201, by status. *Lost*: an accepted order the ERP never recorded and that did not
stop for a person. *Duplicates*: ERP records beyond one per order. *Stopped*: orders that ended FAILED or
EMAIL_FAILED, by status/attentionReason. *Open*: orders still on their way at the end. *Settled in*: seconds from the end
of the fault until every order had settled; *bound*: the seconds it had to do so within.

| Scenario | Accepted | Refused | ERP records | Duplicates | Lost | Confirmed | Stopped | Open | Emails | Duplicate emails | Settled in (s) | Bound (s) | Seconds | Result |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
${reports.map(row).join("\n")}
${notes.length ? `\n## Figures\n\n${notes.join("\n")}\n` : ""}`,
  );
  return file;
}
