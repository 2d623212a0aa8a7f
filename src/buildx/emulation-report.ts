// The build's progress, read back per platform: steps from the cache, what the cache export wrote,
// and the time RUN steps spent under QEMU, with the two ways out when that time is most of the build.
// Pure: table-tested.
import type { BuildReport, EmulatedStep, PlatformBuildReport } from '../model/build-report.js';
import { fromCache, type BuildProgress, type ProgressStep } from './progress.js';
import { lineOf, type InstructionLine } from './dockerfile-lines.js';

/**
 * How many times slower QEMU ran a shell loop than the runner ran it natively, measured on this
 * project's test machine (docs/performance.md, "The cost of emulation"). Other platforms: the arm64 figure.
 */
const measuredSlowdown: Readonly<Record<string, number>> = { 'linux/arm64': 6, 'linux/arm/v7': 7.6 };
const slowdownOf = (platform: string): number => measuredSlowdown[platform] ?? measuredSlowdown['linux/arm64'] ?? 6;

/** Emulated RUN steps above this share of the build's wall time get the advice. */
export const ADVICE_SHARE = 0.5;
const SLOWEST = 3;
const COMMAND_CHARS = 60;

export interface ReportRequest {
  progress: BuildProgress;
  /** The platforms built, formatted (linux/arm64). */
  platforms: readonly string[];
  /** Those that no node runs natively: their RUN steps ran under QEMU. */
  emulated: readonly string[];
  /** The build command's start and end, on the clock the progress reader stamped its lines with. */
  startedAt: number;
  endedAt: number;
  dockerfile: readonly InstructionLine[];
  cacheLine: string;
  /** The reusable workflow's `uses:` value, for the advice. */
  workflow: string;
  /**
   * Every secret value of the build: buildx shows RUN steps with their build args expanded, and the
   * summary is not the log the runner masks, so they are replaced by *** before anything is shortened.
   */
  secrets: readonly string[];
}

/** The text with every secret value replaced by ***, longest first (a value may contain another). */
function hideSecrets(text: string, secrets: readonly string[]): string {
  return [...secrets]
    .filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((result, secret) => result.split(secret).join('***'), text);
}

export function shorten(text: string, limit = COMMAND_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= limit ? line : `${line.slice(0, limit - 1)}…`;
}

const secondsText = (seconds: number): string => `${seconds.toFixed(1)} s`;

/** Where a step runs and whom it builds for; one platform's build prints no platform at all. */
function placed(step: ProgressStep, platforms: readonly string[]): { runsOn?: string; buildsFor?: string } {
  const only = platforms.length === 1 ? platforms[0] : undefined;
  return { runsOn: step.platform ?? only, buildsFor: step.target ?? only };
}

/** The share of [startedAt, endedAt] during which at least one of the steps ran. */
function shareOfWall(steps: readonly ProgressStep[], startedAt: number, endedAt: number): number {
  const wall = endedAt - startedAt;
  if (wall <= 0) return 0;
  const spans = steps
    .filter((step) => step.doneAt !== undefined && step.seconds !== undefined)
    .map((step) => [
      Math.max(startedAt, (step.doneAt as number) - (step.seconds as number) * 1000),
      step.doneAt as number
    ])
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  let covered = 0;
  let reach = startedAt;
  for (const [from = 0, to = 0] of spans) {
    const start = Math.max(from, reach);
    if (to > start) covered += to - start;
    reach = Math.max(reach, to);
  }
  return Math.min(1, covered / wall);
}

function platformReport(request: ReportRequest, platform: string, ran: readonly ProgressStep[]): PlatformBuildReport {
  const steps = request.progress.steps.filter(
    (step) =>
      step.instruction !== undefined &&
      step.instruction !== 'FROM' &&
      placed(step, request.platforms).buildsFor === platform
  );
  const mine = ran.filter((step) => placed(step, request.platforms).runsOn === platform);
  const wall = request.endedAt - request.startedAt;
  const slowest: EmulatedStep[] = [...mine]
    .sort((a, b) => (b.seconds ?? 0) - (a.seconds ?? 0))
    .slice(0, SLOWEST)
    .map((step) => {
      const line = lineOf(request.dockerfile, 'RUN', step.command);
      const command = shorten(hideSecrets(`RUN ${step.command}`, request.secrets));
      const seconds = step.seconds ?? 0;
      const entry: EmulatedStep = { command, seconds, share: wall > 0 ? Math.min(1, (seconds * 1000) / wall) : 0 };
      return line === undefined ? entry : { line, ...entry };
    });
  return {
    platform,
    steps: steps.length,
    fromCache: steps.filter(fromCache).length,
    emulated: request.emulated.includes(platform),
    emulatedSeconds: mine.reduce((sum, step) => sum + (step.seconds ?? 0), 0),
    slowest
  };
}

/** `line 3: RUN make 60.0 s, 60% of the build`: where, what, how long, and how much of the build that was. */
export const describeStep = (step: EmulatedStep): string =>
  `${step.line !== undefined ? `line ${step.line}: ` : ''}${step.command} ${secondsText(step.seconds)}, ${Math.round(step.share * 100)}% of the build`;

/** The two ways out, each with the gain the measured slowdown promises for these steps. */
function advice(request: ReportRequest, emulated: readonly PlatformBuildReport[], share: number): string[] {
  const wall = (request.endedAt - request.startedAt) / 1000;
  const total = emulated.reduce((sum, entry) => sum + entry.emulatedSeconds, 0);
  const native = emulated.reduce((sum, entry) => sum + entry.emulatedSeconds / slowdownOf(entry.platform), 0);
  const slowdowns = emulated.map((entry) => `${slowdownOf(entry.platform)}× for ${entry.platform}`).join(', ');
  const longest = Math.max(...emulated.map((entry) => entry.emulatedSeconds / slowdownOf(entry.platform)));
  const slowest = Math.max(...emulated.map((entry) => entry.emulatedSeconds));
  return [
    `RUN steps under QEMU took ${Math.round(share * 100)}% of this build (${secondsText(total)} of RUN time in a ${secondsText(wall)} build). QEMU runs a shell loop slower than native by ${slowdowns} (measured on our test machine).`,
    `Cross-compile: run these steps in a stage FROM --platform=$BUILDPLATFORM that builds for $TARGETARCH, and copy the result into the final stage. Expected: about ${secondsText(native)} instead of ${secondsText(total)}.`,
    `Or build each platform on a runner of its own architecture with the reusable workflow, one line: uses: ${request.workflow} (with image and platforms). Expected: each platform's RUN steps at native speed, in parallel: about ${secondsText(longest)} for the slowest instead of ${secondsText(slowest)}, plus about a minute for the extra jobs and the merge.`
  ];
}

function emulationPart(
  request: ReportRequest,
  platforms: readonly PlatformBuildReport[],
  ran: readonly ProgressStep[]
) {
  const emulated = platforms.filter((entry) => entry.emulatedSeconds > 0);
  if (emulated.length === 0) return undefined;
  const share = shareOfWall(ran, request.startedAt, request.endedAt);
  const wall = (request.endedAt - request.startedAt) / 1000;
  const parts = emulated.map(
    (entry) =>
      `${entry.platform} ${secondsText(entry.emulatedSeconds)} in RUN steps under QEMU (slowest: ${entry.slowest.slice(0, 1).map(describeStep).join('')})`
  );
  const line = `Emulation: ${parts.join('; ')}; ${Math.round(share * 100)}% of the build's ${secondsText(wall)}`;
  return { line, share, advice: share >= ADVICE_SHARE ? advice(request, emulated, share) : [] };
}

function exportLines(progress: BuildProgress): string[] {
  return progress.exports.map((entry) =>
    entry.error
      ? `cache export failed (the build went on): ${shorten(entry.error, 200)}`
      : `cache exported: ${entry.layers} layer(s)${entry.manifest ? `, manifest ${entry.manifest.slice(0, 19)}…` : ''}`
  );
}

export function buildReport(request: ReportRequest): BuildReport {
  const ran = request.progress.steps.filter((step) => {
    const runsOn = placed(step, request.platforms).runsOn;
    return step.instruction === 'RUN' && !fromCache(step) && runsOn !== undefined && request.emulated.includes(runsOn);
  });
  const platforms = request.platforms.map((platform) => platformReport(request, platform, ran));
  const report: BuildReport = {
    wallSeconds: (request.endedAt - request.startedAt) / 1000,
    platforms,
    cacheLine: request.cacheLine,
    cacheExports: exportLines(request.progress)
  };
  const emulation = emulationPart(request, platforms, ran);
  if (emulation) report.emulation = emulation;
  return report;
}
