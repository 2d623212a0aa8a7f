// The one place that writes what a run leaves behind: the state for the post step, the step's
// outputs and the job summary, with the same rules for both modes.
import * as core from '../seams/runner.js';
import { leftAloneRows } from '../checks/floating-tags.js';
import { writeSummary, type SummaryCell, type SummaryRow } from '../seams/summary.js';
import { metadataOutputs } from '../planning/tag-rules/metadata-outputs.js';
import { imageChecks } from '../checks/registered.js';
import { OutputKey, type Outcome } from '../model/outcome.js';
import type { Plan } from '../model/plan.js';
import { targetTexts, type TagTarget } from '../model/references.js';
import type { BuildReport } from '../model/build-report.js';
import { describeStep } from '../buildx/emulation-report.js';

/** The tags that now point at the image: the promoted ones when the image was quarantined first. */
function finalTags(plan: Plan, outcome: Outcome): TagTarget[] {
  return plan.promote ? outcome.promoted : outcome.tags;
}

/** metadata-action's tags, labels, json, tag-names and annotations, from what was pushed (or planned, when nothing was). */
function metadataActionOutputs(plan: Plan, outcome: Outcome): [OutputKey, string][] {
  const pushed = finalTags(plan, outcome);
  const shaped = metadataOutputs(
    {
      references: pushed.length > 0 ? pushed : plan.tags.targets,
      labels: plan.labels,
      annotations: plan.annotations
    },
    plan.outputSeparators
  );
  return [
    [OutputKey.Tags, targetTexts(pushed).join(plan.outputSeparators?.tags ?? '\n')],
    [OutputKey.Labels, shaped.labels],
    [OutputKey.Json, shaped.json],
    [OutputKey.TagNames, shaped.tagNames],
    [OutputKey.Annotations, shaped.annotations]
  ];
}

/** Every final tag that did not move, with the reason: the floating-tag guard or a failed check. */
function notMovedLines(outcome: Outcome): string[] {
  return [
    ...outcome.floatingLeftAlone.map(({ reference, carried }) => `${reference}: stays on ${carried}, a newer release`),
    ...outcome.notMoved.map(({ reference, reason }) => `${reference}: ${reason}`)
  ];
}

/** Each registered check's output: the JSON of its result, `[]` when it did not run. */
function checkOutputs(outcome: Outcome): [OutputKey, string][] {
  return imageChecks.flatMap(({ name, output }) =>
    output ? [[output, outcome.checks.results[name]?.output ?? '[]'] as [OutputKey, string]] : []
  );
}

// A run that fails halfway still says what it got to: the builder and platforms, the digest it built,
// and which tags moved and which did not (a promotion that stopped part-way).
const knownEarly = new Set<OutputKey>([
  OutputKey.Builder,
  OutputKey.Platforms,
  OutputKey.Digest,
  OutputKey.ImageId,
  OutputKey.Image,
  OutputKey.Tags,
  OutputKey.HeldBack
]);
// Only a run that made a builder names one: a merge never does.
const onlyWhenSet = new Set<OutputKey>([OutputKey.Builder]);

/** The step's outputs; after a failure only those a phase that finished has set. */
export function writeOutputs(plan: Plan, outcome: Outcome, complete = true): void {
  const image = outcome.pushed && outcome.repository && outcome.digest ? `${outcome.repository}@${outcome.digest}` : '';
  const outputs: [OutputKey, string][] = [
    [OutputKey.Builder, outcome.builder],
    [OutputKey.Platforms, outcome.platforms.join(',')],
    [OutputKey.Version, plan.tags.version],
    [OutputKey.Digest, outcome.digest],
    [OutputKey.ImageId, outcome.imageId],
    [OutputKey.Metadata, JSON.stringify(outcome.metadata)],
    [OutputKey.HeldBack, notMovedLines(outcome).join('\n')],
    [OutputKey.Image, image],
    ...checkOutputs(outcome),
    ...metadataActionOutputs(plan, outcome)
  ];
  for (const [key, value] of outputs) {
    const wanted = complete ? value !== '' || !onlyWhenSet.has(key) : knownEarly.has(key) && value !== '';
    if (wanted) core.setOutput(key, value);
  }
}

/** Per platform, the columns of every registered check that has some; 'off' under a check that did not run. */
function perPlatformTable(outcome: Outcome): SummaryCell[][] {
  const tabled = imageChecks.filter(({ columns }) => columns && columns.length > 0);
  const rows = outcome.platforms.map((platform) => [
    platform,
    ...tabled.flatMap(({ name, columns = [] }): SummaryCell[] => {
      const row = outcome.checks.results[name]?.rows?.find((entry) => entry.platform === platform);
      return row ? row.cells : columns.map((_column, index) => (index === 0 ? 'off' : ''));
    })
  ]);
  return [['Platform', ...tabled.flatMap(({ columns = [] }) => columns)], ...rows];
}

/** Per platform: steps from the cache, what went into the cache export, and (only when any ran) RUN time under QEMU. */
function buildTable(report: BuildReport): SummaryCell[][] {
  const exported =
    report.cacheExports.length > 0 && report.cacheExports.every((line) => !/failed|not written/.test(line));
  const emulation = report.emulation !== undefined;
  const header = [
    'Platform',
    'Steps from the cache',
    'Cache export',
    ...(emulation ? ['RUN time under QEMU', 'Slowest emulated steps'] : [])
  ];
  const rows = report.platforms.map((entry) => [
    entry.platform,
    `${entry.fromCache} of ${entry.steps}`,
    exported ? `${entry.steps - entry.fromCache} new step(s)` : 'none',
    ...(emulation
      ? [entry.emulated ? `${entry.emulatedSeconds.toFixed(1)} s` : 'native', entry.slowest.map(describeStep)]
      : [])
  ]);
  return [header, ...rows];
}

function buildRows(report: BuildReport): SummaryRow[] {
  const rows: SummaryRow[] = [{ label: 'Cache', value: [report.cacheLine, ...report.cacheExports] }];
  if (report.emulation) rows.push({ label: 'Emulation', value: [report.emulation.line, ...report.emulation.advice] });
  return rows;
}

function summaryRows(plan: Plan, outcome: Outcome): SummaryRow[] {
  const byDigest = plan.mode === 'build' && plan.digestTarget !== undefined;
  const rows: SummaryRow[] = [
    { label: 'Image', value: outcome.repository || '(not tagged)' },
    plan.promote
      ? { label: 'Promoted tags', value: outcome.promoted.length > 0 ? targetTexts(outcome.promoted) : '(none)' }
      : {
          label: outcome.pushed ? 'Pushed tags' : 'Tags (not pushed)',
          value: outcome.tags.length > 0 ? targetTexts(outcome.tags) : byDigest ? '(by digest)' : '(none)'
        },
    ...leftAloneRows(outcome.floatingLeftAlone),
    ...(outcome.notMoved.length > 0
      ? [
          {
            label: 'Tags held back',
            value: outcome.notMoved.map(({ reference, reason }) => `${reference} (${reason})`)
          }
        ]
      : []),
    {
      label: outcome.pushed || !outcome.digest ? 'Digest' : 'Digest (local, not pushed)',
      value: outcome.digest || '(none)'
    },
    { label: 'Platforms', value: outcome.platforms.join(',') },
    { label: 'Version', value: plan.tags.version }
  ];
  if (outcome.emulators) rows.push({ label: 'QEMU emulators', value: outcome.emulators });
  if (outcome.build) rows.push(...buildRows(outcome.build));
  if (outcome.sources.length > 0) {
    const sources = outcome.sources.map(
      (source) => `${source.repository}@${source.digest} (${source.platforms.join(', ')})`
    );
    rows.push({ label: 'Sources', value: sources });
  }
  return rows;
}

export function writeJobSummary(plan: Plan, outcome: Outcome): Promise<void> {
  const checked = Object.values(outcome.checks.results).some(({ rows }) => (rows?.length ?? 0) > 0);
  return writeSummary(
    plan.mode === 'merge' ? 'Multi-arch image (merged)' : 'Multi-arch image',
    summaryRows(plan, outcome),
    [
      ...(checked
        ? [
            {
              heading: outcome.pushed ? 'Per platform' : 'Per platform: checked on the runner, nothing was pushed',
              table: perPlatformTable(outcome)
            }
          ]
        : []),
      ...(outcome.build ? [{ heading: 'Build per platform', table: buildTable(outcome.build) }] : [])
    ]
  );
}
