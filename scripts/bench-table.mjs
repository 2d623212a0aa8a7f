// The benchmark's side-by-side table: each way of publishing the same build, its median and range
// over the rounds, its overhead over the bare push in seconds beside the ratio, and docker's chain
// against the action. Figures only.

export const ms = (value) => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);
export const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
export const thousands = (bytes) => bytes.toLocaleString('en-US');
export const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? 'n/a' : (a / b).toFixed(2));
export const goal = (value, limit) =>
  value === 'n/a' ? '' : ` (goal <= ${limit}: ${Number(value) <= limit ? 'met' : 'not met'})`;
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const signed = (ms) => `${ms >= 0 ? '+' : '-'}${(Math.abs(ms) / 1000).toFixed(2)} s`;
const range = (values) => `${(Math.min(...values) / 1000).toFixed(2)}-${(Math.max(...values) / 1000).toFixed(2)} s`;

/**
 * `rows`: [{ label, times (ms per round) }], the bare push first. Returns the lines of the table and
 * the figures the goals are read from: each row's median and its overhead over the bare push's.
 */
export function sideBySide(rows) {
  const measured = rows.filter((row) => row.times.length > 0);
  const bare = measured.find((row) => row.bare);
  const bareMedian = bare ? median(bare.times) : undefined;
  const width = Math.max(...measured.map((row) => row.label.length));
  const lines = [
    `${'way'.padEnd(width)} | median  | range         | over the bare push | x bare | rounds`,
    `${'-'.repeat(width)}-|---------|---------------|--------------------|--------|-------`
  ];
  const figures = {};
  for (const row of measured) {
    const value = median(row.times);
    const over = bareMedian === undefined || row.bare ? undefined : value - bareMedian;
    figures[row.key] = { median: value, over };
    lines.push(
      [
        row.label.padEnd(width),
        seconds(value).padStart(7),
        range(row.times).padEnd(13),
        (over === undefined ? '' : signed(over)).padEnd(18),
        (bareMedian ? (value / bareMedian).toFixed(2) : 'n/a').padStart(6),
        `${row.times.length}${row.failed ? ` (${row.failed} failed)` : ''}`
      ].join(' | ')
    );
  }
  for (const row of rows.filter((entry) => entry.times.length === 0))
    lines.push(`${row.label.padEnd(width)} | not measured${row.why ? `: ${row.why}` : ''}`);
  return { lines, figures };
}

/** `chain/action 2.41 (goal >= 2: met)`-style comparison; n/a when either was not measured. */
export function compare(what, numerator, denominator, goal) {
  if (numerator === undefined || denominator === undefined || denominator === 0) return `${what}: n/a`;
  const value = numerator / denominator;
  return `${what}: ${value.toFixed(2)}${goal === undefined ? '' : ` (goal >= ${goal}: ${value >= goal ? 'met' : 'not met'})`}`;
}

/** `overhead +0.52 s (goal <= 0.6 s: met)`. */
export function overheadGoal(what, over, limitSeconds) {
  if (over === undefined) return `${what}: n/a`;
  return `${what}: ${signed(over)} (goal <= ${limitSeconds} s: ${over / 1000 <= limitSeconds ? 'met' : 'not met'})`;
}
