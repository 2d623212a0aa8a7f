import * as core from '../seams/runner.js';
import { lastLines, run } from '../seams/exec.js';
import { formatPlatform, type Platform } from '../model/platforms.js';
import { defaultSmokeIsolation, type CheckResult, type SmokeIsolation, type SmokeResult } from '../model/checks.js';
import { splitShellWords } from '../model/lists.js';
import { OutputKey } from '../model/outcome.js';
import { savePostState } from '../seams/state.js';
import { statuses, type CheckSubject, type ImageCheck } from './image-check.js';

// The classic runtime messages, and what they mean for a multi-arch image.
const runtimeAdvice: [RegExp, string][] = [
  [
    /exec format error/i,
    'exec format error: the image holds a binary for another architecture, or the QEMU emulator for this platform is missing.'
  ],
  [/no matching manifest|no match for platform/i, 'no matching manifest: the image was not built for this platform.'],
  [
    /stopped after the \d+ ms time limit/,
    'the command did not finish within smoke-test-timeout; it may wait for input or a network that --network none does not give.'
  ]
];

function smokeAdvice(output: string): string | undefined {
  return runtimeAdvice.find(([pattern]) => pattern.test(output))?.[1];
}

/** Splits the smoke-test input like a shell would for simple quoting; `true` alone runs the image's default command. */
export function smokeArguments(raw: string): string[] {
  return raw.trim() === 'true' ? [] : splitShellWords(raw);
}

/** Where a read-only root still lets the image write: a small /tmp, gone with the container. */
export const SMOKE_TMP = '/tmp:rw,nosuid,nodev,size=64m';

/**
 * The bounds of a smoke run, as docker run flags: no capabilities, no privilege gain, a bounded
 * number of processes and amount of memory, and a read-only root with a small /tmp (the disk).
 */
export function isolationFlags(isolation: SmokeIsolation = defaultSmokeIsolation): string[] {
  const { capAdd, noNewPrivileges, pidsLimit, memory, readOnly, tmpfs } = isolation;
  return [
    '--cap-drop',
    'ALL',
    ...capAdd.flatMap((capability) => ['--cap-add', capability]),
    ...(noNewPrivileges ? ['--security-opt', 'no-new-privileges'] : []),
    ...(pidsLimit > 0 ? ['--pids-limit', String(pidsLimit)] : []),
    ...(memory ? ['--memory', memory] : []),
    ...(readOnly ? ['--read-only', '--tmpfs', SMOKE_TMP] : []),
    ...tmpfs.flatMap((mount) => ['--tmpfs', mount])
  ];
}

export function smokeRunArgs(
  reference: string,
  platform: Platform,
  containerName: string,
  command: { args: readonly string[]; isolation?: SmokeIsolation | undefined }
): string[] {
  const { args } = command;
  return [
    'run',
    '--rm',
    // The image comes from the registry by digest; its pull progress is not the command's output.
    '--quiet',
    '--network',
    'none',
    ...isolationFlags(command.isolation),
    '--platform',
    formatPlatform(platform),
    '--name',
    containerName,
    reference,
    ...args
  ];
}

/** The container of each platform's run, named so the post step can remove one a killed step left. */
function smokeContainerName(jobName: string, index: number): string {
  return `${jobName}-smoke-${index}`;
}

function smokeContainerNames(jobName: string, count: number): string[] {
  return Array.from({ length: count }, (_unused, index) => smokeContainerName(jobName, index));
}

/** Runs the pushed image once per platform, under emulation for foreign ones, each within the time limit. */
async function smokeTest(
  reference: string,
  platforms: readonly Platform[],
  smoke: { command: string; timeoutSeconds: number; jobName: string; isolation?: SmokeIsolation | undefined }
): Promise<SmokeResult[]> {
  const { timeoutSeconds, jobName } = smoke;
  const args = smokeArguments(smoke.command);
  const results: SmokeResult[] = [];
  for (const [index, platform] of platforms.entries()) {
    const containerName = smokeContainerName(jobName, index);
    const result = await run(
      'docker',
      smokeRunArgs(reference, platform, containerName, { args, isolation: smoke.isolation }),
      {
        allowFailure: true,
        timeoutMs: timeoutSeconds * 1000
      }
    );
    // A timed-out CLI leaves its container running; it must not outlive the step.
    if (result.stderr.includes('time limit'))
      await run('docker', ['rm', '--force', containerName], { allowFailure: true });
    const output = lastLines(`${result.stdout}${result.stderr}`, 5);
    const entry: SmokeResult = {
      platform: formatPlatform(platform),
      status: result.exitCode === 0 ? 'pass' : 'fail',
      exitCode: result.exitCode,
      output
    };
    const advice = entry.status === 'fail' ? smokeAdvice(output) : undefined;
    if (advice) entry.advice = advice;
    core.info(`Smoke test ${entry.platform}: ${entry.status} (exit ${entry.exitCode})${output ? `\n${output}` : ''}`);
    results.push(entry);
  }
  return results;
}

/** The image run once per platform: the pushed one by digest, or the one the build kept in the daemon. */
async function runSmoke({
  plan,
  pushed,
  repository,
  digest,
  localImage,
  platforms,
  jobName
}: CheckSubject): Promise<CheckResult> {
  const smoke = plan.checks.smoke;
  // Nothing pushed: the image the build stored in the daemon under a job-scoped name, if it could.
  const reference = pushed ? `${repository}@${digest}` : localImage;
  if (!smoke) return { failures: [] };
  if (!reference) {
    core.info(
      'Smoke test: skipped: nothing was pushed, and only the docker driver keeps the image it built in the daemon to run'
    );
    return { failures: [] };
  }
  // Named and saved up front: a step killed mid-run leaves them to the post step.
  savePostState({ smokeContainers: smokeContainerNames(jobName, platforms.length) });
  const results = await smokeTest(reference, platforms, { ...smoke, jobName });
  return {
    failures: results
      .filter(({ status }) => status === 'fail')
      .map(
        ({ platform, exitCode, advice }) => `smoke test on ${platform} exited ${exitCode}${advice ? `: ${advice}` : ''}`
      ),
    // What the image printed is shown as code, never as markup.
    rows: results.map((entry) => ({
      platform: entry.platform,
      status: entry.status,
      cells: [entry.status, String(entry.exitCode), entry.advice ?? { code: entry.output }]
    })),
    output: JSON.stringify(results)
  };
}

/** smoke-test: the image runs its command on every platform, under emulation for foreign ones. */
export const smokeCheck: ImageCheck = {
  name: 'smoke-test',
  kind: 'runs-image',
  columns: ['Smoke test', 'Exit code', 'Last output'],
  output: OutputKey.SmokeTest,
  runs: ({ plan }) => plan.checks.smoke !== undefined,
  describe: ({ plan }, result) => (plan.checks.smoke ? `smoke test ${statuses(result)}` : 'smoke test off'),
  run: runSmoke
};
