// What the bench prints for one fixture: a line per round, then the side-by-side table (medians,
// ranges, overheads in seconds beside ratios), the goals of issues 22 and 23, the action's phases,
// where the seconds of one run go (scripts/bench-phases.mjs), the chain's steps and the audit
// against its floor. Figures only.
import { auditAgainstFloor } from './bench-audit.mjs';
import { printContextSent, printSegments, printWithoutWholeUpload } from './bench-phases.mjs';
import { variants } from './bench-runs.mjs';
import { compare, median, ms, overheadGoal, seconds, signed, sideBySide } from './bench-table.mjs';

const show = (entry) =>
  entry === undefined
    ? 'failed'
    : `${ms(entry.total)} (main ${ms(entry.main)}, own ${ms(entry.own)}, post ${ms(entry.post)}${entry.audit === undefined ? '' : `, audit ${ms(entry.audit)}`})`;

/** One round's line: each run's last figure, and the load average at its start and end. */
export function roundLine(round, fixture, results, load) {
  const last = (key) => (results[key].length > 0 ? results[key].at(-1) : undefined);
  const runs = fixture.runs.map((run) => `${run} ${show(last(run))}`).join(', ');
  return `round ${round} (load ${load.start.toFixed(2)} -> ${load.end.toFixed(2)}): bare push ${ms(last('bare')?.ms)}, bare build ${ms(last('bareBuild'))}, export ${ms(last('export'))}, floor ${ms(last('floor')?.ms)}, chain ${ms(last('chain')?.total)}, ${runs}`;
}

function tableRows(fixture, results, chain) {
  return [
    {
      key: 'bare',
      bare: true,
      label: 'bare docker buildx build … push=true (a)',
      times: results.bare.map((e) => e.ms)
    },
    { key: 'bareBuild', label: 'bare docker buildx build, pushes nothing (a0)', times: results.bareBuild },
    {
      key: 'chain',
      label: `docker's chain: setup-buildx ${chain.actions?.[0].tag ?? ''} + build-push ${chain.actions?.[1].tag ?? ''}`,
      times: results.chain.map((entry) => entry.total),
      why: chain.missing
    },
    ...fixture.runs.map((run) => ({
      key: run,
      label: `this action, ${variants[run].label} (${variants[run].short})`,
      times: results[run].map((entry) => entry.total)
    })),
    { key: 'export', label: 'bare docker buildx build … type=oci,tar=false', times: results.export }
  ].map((row) => ({ ...row, failed: results.failed[row.key] }));
}

function goals(fixture, figures) {
  const chainGoal = { example: 3, big: 2 }[fixture.key];
  const overheadLimit = { example: 0.4, big: 0.6 }[fixture.key];
  console.log(
    compare("docker's chain / this action (all checks)", figures.chain?.median, figures.fresh?.median, chainGoal)
  );
  if (overheadLimit !== undefined) {
    console.log(overheadGoal('this action (all checks) over the bare push', figures.fresh?.over, overheadLimit));
    // The hosted-runner default: every check, the audit's scans of earlier runs restored from the Actions cache.
    if (figures.shared?.over !== undefined) {
      const what = "this action (all checks, the audit's memory: (m))";
      console.log(overheadGoal(`${what} over the bare push`, figures.shared.over, overheadLimit));
      console.log(compare(`docker's chain / ${what}`, figures.chain?.median, figures.shared.median, chainGoal));
    }
  }
  if (figures['no-checks']?.over !== undefined)
    console.log(`this action (no checks) over the bare push: ${signed(figures['no-checks'].over)}`);
  for (const [key, which] of [
    ['pr', ''],
    ['pr-shared', ", the audit's memory: (pm)"]
  ]) {
    if (!figures[key] || !figures.bareBuild) continue;
    const over = figures[key].median - figures.bareBuild.median;
    const what = `pull request path (every check, push nothing${which}) over the bare build that pushes nothing`;
    console.log(fixture.key === 'example' ? overheadGoal(what, over, 0.4) : `${what}: ${signed(over)}`);
  }
}

function phaseLines(fixture, results) {
  const of = (runs, key) => median(runs.map((entry) => entry[key]));
  for (const run of fixture.runs.filter((name) => results[name].length > 0)) {
    const runs = results[run];
    const label = variants[run].short;
    console.log(
      `this action (${label}), medians: main ${seconds(of(runs, 'main'))}, checks ${seconds(of(runs, 'checks'))}, main's own ${ms(of(runs, 'own'))}, post ${ms(of(runs, 'post'))}`
    );
    if (run === 'kept') continue;
    const phases = Object.keys(runs[0].phases);
    const phaseMedian = (name) => median(runs.map((entry) => entry.phases[name] ?? 0));
    console.log(`phases (${label}): ${phases.map((name) => `${name} ${ms(phaseMedian(name))}`).join(', ')}`);
  }
  printSegments(
    'where the bare push (a) spends its time',
    results.bare.map((entry) => entry.segments)
  );
  for (const run of fixture.runs.filter((name) => name !== 'kept'))
    printSegments(
      `where this action (${variants[run].short}) spends its time, main step then post`,
      results[run].map((entry) => entry.segments)
    );
  const ways = [['(a)', results.bare], ...fixture.runs.map((run) => [`(${variants[run].short})`, results[run]])];
  printContextSent(ways);
  const pullRequests = fixture.runs.filter((run) => variants[run].pullRequest).map((run) => `(${variants[run].short})`);
  printWithoutWholeUpload(ways, pullRequests);
}

export function summarise({ fixture, results, loads, rounds, chain }) {
  console.log(`-- ${fixture.name}, ${fixture.platforms}, ${rounds} round(s)`);
  const { lines, figures } = sideBySide(tableRows(fixture, results, chain));
  for (const line of lines) console.log(line);
  goals(fixture, figures);
  phaseLines(fixture, results);
  if (results.chain.length > 0) {
    const names = results.chain[0].steps.map((step) => step.name);
    const stepMedian = (index) => median(results.chain.map((entry) => entry.steps[index].ms));
    console.log(`chain steps, medians: ${names.map((name, index) => `${name} ${ms(stepMedian(index))}`).join(', ')}`);
  }
  if (results.fresh.length > 0 && results.floor.length > 0) auditAgainstFloor(results);
  const sorted = [...loads].sort((x, y) => x - y);
  if (loads.length > 0)
    console.log(
      `load average (1 min) over the rounds: first ${loads[0].toFixed(2)}, last ${loads.at(-1).toFixed(2)}, max ${sorted.at(-1).toFixed(2)}`
    );
}
