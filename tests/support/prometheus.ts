/**
 * The sum of the series of `name` in Prometheus text whose labels include `labels` (several
 * processes report the same series), or undefined when there is none.
 */
export function sumSeries(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of text.split("\n")) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) sum = (sum ?? 0) + Number(match[3]);
  }
  return sum;
}
