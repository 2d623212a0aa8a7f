// Where the seconds of one run go. The action logs one group per phase (`::group::Name` …
// `::endgroup::`) and BuildKit's steps inside the Build group (`#N …`, `#N DONE`); the bench stamps
// every line of main's stdout as it arrives and cuts the run at those lines: start-up before the
// first group, each group, the gaps between groups, and the time after the last one. The Build group
// is cut further at the buildx command line, BuildKit's first step, and its export step. The bare
// push is cut the same way from its `--progress plain` output. Figures only.
import { median, ms, seconds, signed } from './bench-table.mjs';

/** Stamps each line `stream` gives with the ms since `started` (process.hrtime.bigint()). */
export function stampLines(stream, started) {
  const lines = [];
  let pending = '';
  stream.on('data', (chunk) => {
    const at = Number(process.hrtime.bigint() - started) / 1e6;
    const parts = (pending + chunk).split('\n');
    pending = parts.pop();
    for (const text of parts) lines.push({ at, text });
  });
  return lines;
}

/** BuildKit's part of a build's lines: buildx start-up, the steps, the export, what follows it. */
function buildSegments(lines, from, to, prefix) {
  const command = lines.find((line) => /^docker .*buildx build /.test(line.text))?.at ?? from;
  const first = lines.find((line) => line.at >= command && /^#\d+ /.test(line.text))?.at;
  const exportLine = lines.find((line) => /^#\d+ exporting to /.test(line.text));
  const exportId = exportLine ? /^#(\d+) /.exec(exportLine.text)[1] : undefined;
  const exportDone = lines.find((line) => exportId && line.text.startsWith(`#${exportId} DONE`))?.at;
  if (first === undefined || exportLine === undefined || exportDone === undefined)
    return [[`${prefix}(not cut: no BuildKit export step in the log)`, to - from]];
  const cuts = [
    [`${prefix}before the buildx command`, from, command],
    [`${prefix}buildx start-up to BuildKit's first step`, command, first],
    [`${prefix}BuildKit's steps (from the cache)`, first, exportLine.at],
    [`${prefix}BuildKit's export (${exportLine.text.replace(/^#\d+ /, '')})`, exportLine.at, exportDone],
    [`${prefix}after the export to the end`, exportDone, to]
  ];
  return cuts.filter(([, start, end]) => start !== undefined && end >= start).map(([name, s, e]) => [name, e - s]);
}

/** The action's main step cut at its groups: [[segment, ms]], in order; `total` is main's ms. */
export function actionSegments(lines, total) {
  const segments = [];
  const groups = lines.filter((line) => line.text.startsWith('::group::') || line.text === '::endgroup::');
  if (groups.length === 0) return [['main (no groups in the log)', total]];
  segments.push(['start-up: node, the bundle, up to the first group', groups[0].at]);
  let between = 0;
  let lastEnd = groups[0].at;
  for (let i = 0; i < groups.length; i++) {
    if (!groups[i].text.startsWith('::group::')) continue;
    const name = groups[i].text.slice('::group::'.length);
    const end = groups.slice(i + 1).find((line) => line.text === '::endgroup::')?.at ?? total;
    between += groups[i].at - lastEnd;
    const inside = lines.filter((line) => line.at >= groups[i].at && line.at <= end);
    if (name === 'Build') segments.push(...buildSegments(inside, groups[i].at, end, 'Build: '));
    else segments.push([name, end - groups[i].at]);
    lastEnd = end;
  }
  segments.push(['between the groups (the one-line reports)', between]);
  segments.push(['after the last group to the exit', total - lastEnd]);
  return segments;
}

/** The bare push cut from its `--progress plain` stderr; `total` is the command's ms. */
export function bareSegments(lines, total) {
  const stamped = [{ at: 0, text: 'docker buildx build ' }, ...lines];
  return [['docker start-up', 0], ...buildSegments(stamped, 0, total, '')].filter(([, value]) => value > 0);
}

const UNIT_MB = { B: 1e-6, kB: 1e-3, KB: 1e-3, KiB: 1.024e-3, MB: 1, MiB: 1.048576, GB: 1e3, GiB: 1073.741824 };

/**
 * The build context BuildKit's session sent, in MB, from each `transferring context: <size> … done`
 * line: about 0 when BuildKit had the last upload, the whole context when it did not.
 */
export function contextSent(lines) {
  let total = 0;
  for (const { text } of lines) {
    const match = /transferring context: ([\d.]+)([kKMG]i?B|B) .*done/.exec(text);
    if (match) total += Number(match[1]) * (UNIT_MB[match[2]] ?? 0);
  }
  return total;
}

/** One line per way: the context each round's build sent, so a median can be read with the rounds that uploaded it. */
export function printContextSent(ways) {
  const shown = ways.filter(([, runs]) => runs.length > 0);
  if (shown.length === 0) return;
  const rounds = shown.map(
    ([name, runs]) => `${name} ${runs.map((run) => (run.contextMB ?? 0).toFixed(1)).join(', ')}`
  );
  console.log(`context sent by each round's build, MB: ${rounds.join('; ')}`);
}

/**
 * Each way's median over the runs that did not send the whole context again: under half the largest
 * upload any run of the fixture sent. `ways` are [name, runs]; a run has `contextMB` and its time as
 * `total` (the action) or `ms` (a bare command). Returns the limit and, per way, the median (undefined
 * when every run uploaded) and how many runs it took.
 */
export function withoutWholeUpload(ways) {
  const sent = ways.flatMap(([, runs]) => runs.map((run) => run.contextMB ?? 0));
  const limitMB = Math.max(0, ...sent) / 2;
  const figures = ways.map(([name, runs]) => {
    const kept = runs.filter((run) => (run.contextMB ?? 0) < limitMB).map((run) => run.total ?? run.ms);
    return { name, kept: kept.length, of: runs.length, median: kept.length > 0 ? median(kept) : undefined };
  });
  return { limitMB, figures };
}

/**
 * The medians without a whole-context upload, when one is big enough to move a median (20 MB or
 * more), each with its overhead over the first way's (the bare push), but for the names in `noOverhead`
 * (a pull request's floor is the bare build, whose upload the bench does not read).
 */
export function printWithoutWholeUpload(ways, noOverhead = []) {
  const { limitMB, figures } = withoutWholeUpload(ways.filter(([, runs]) => runs.length > 0));
  if (limitMB * 2 < 20) return;
  const bare = figures[0]?.median;
  const shown = figures.map(({ name, kept, of, median: value }, index) => {
    if (value === undefined) return `${name} none of ${of}`;
    const over = bare !== undefined && index > 0 && !noOverhead.includes(name) ? `, ${signed(value - bare)}` : '';
    return `${name} ${seconds(value)} (${kept} of ${of}${over})`;
  });
  console.log(`medians of the runs that sent under ${limitMB.toFixed(1)} MB of context: ${shown.join('; ')}`);
}

/** Prints the median of each segment over the runs, in the first run's order, with its share. */
export function printSegments(title, runs) {
  if (runs.length === 0) return;
  const names = runs[0].map(([name]) => name);
  const medianOf = (name) => median(runs.map((run) => run.find(([n]) => n === name)?.[1] ?? 0));
  const total = names.reduce((sum, name) => sum + medianOf(name), 0);
  const width = Math.max(...names.map((name) => name.length));
  console.log(`${title}, medians of ${runs.length} run(s) (sum ${ms(total)}):`);
  for (const name of names)
    console.log(
      `  ${name.padEnd(width)} ${ms(medianOf(name)).padStart(8)} ${((100 * medianOf(name)) / total).toFixed(0).padStart(3)}%`
    );
}
