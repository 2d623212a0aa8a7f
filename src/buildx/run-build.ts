import { readFileSync, statSync } from 'node:fs';
import * as core from '../seams/runner.js';
import { ActionError } from '../model/errors.js';
import { CommandError, lastLines, run } from '../seams/exec.js';
import { isTransientFailure, registryRetry, withRetry } from '../seams/retry-policy.js';
import { buildArgs, buildEnv, type BuilderRef, type BuildPlan } from './buildx-args.js';
import { cacheSpecSecrets, maskableParts, redactCommand } from './redact.js';
import { secretLookingBuildArgs } from '../model/build.js';
import type { Credentials } from '../model/login.js';
import type { BuildSpec } from '../model/plan.js';
import { ProgressReader, type BuildProgress } from './progress.js';
import { RawProgressRenderer } from './raw-progress.js';

export interface BuildResult {
  /** The index digest the registry serves (or the image digest for one platform). */
  digest: string;
  imageId: string;
  metadata: Record<string, unknown>;
}

/** What buildx's progress said while the (last) build command ran, and when it ran (Date.now() ms). */
export interface BuildRun {
  progress: BuildProgress;
  startedAt: number;
  endedAt: number;
}

/** The last lines the log showed of a command (a bounded number: a build may print without end). */
class LogTail {
  private readonly lines: string[] = [];

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > 400) this.lines.splice(0, this.lines.length - 200);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** Reads what buildx wrote to --metadata-file. */
export function parseBuildMetadata(text: string): BuildResult {
  const metadata = JSON.parse(text) as Record<string, unknown>;
  const digest = typeof metadata['containerimage.digest'] === 'string' ? metadata['containerimage.digest'] : '';
  const configDigest = metadata['containerimage.config.digest'];
  return { digest, imageId: typeof configDigest === 'string' ? configDigest : digest, metadata };
}

// Translations of the classic build failures into what to do about them.
const buildAdvice: [RegExp, string][] = [
  [
    /exec format error/i,
    'a binary of the wrong architecture ran, or its QEMU emulator is missing: copy per-platform binaries using TARGETARCH, and keep qemu: auto.'
  ],
  [
    /no match for platform in manifest|no matching manifest/i,
    'a base image does not exist for one of the requested platforms: pick a multi-arch base image or drop that platform.'
  ],
  [/network bridge not found/i, 'the daemon has no bridge network: set network: host (or none).'],
  [
    /multi-platform build is not supported for the docker driver/i,
    "this daemon's classic image store cannot hold several platforms: use driver: docker-container (driver: auto picks it on such a daemon), or turn on the containerd image store."
  ],
  [/failed to solve: failed to read dockerfile|Dockerfile: no such file/i, 'check the file and context inputs.'],
  [/unknown flag: --call/i, 'the call input needs buildx 0.14 or later: set buildx-version: latest.'],
  [
    /invalid progress mode rawjson/i,
    'this buildx has no --progress=rawjson, which the action reads the build from: set buildx-version: latest.'
  ],
  [
    /unauthorized|authentication required|denied/i,
    'the registry refused the push: check username/password and that the token may push to this repository.'
  ]
];

export function adviceFor(output: string): string | undefined {
  return buildAdvice.find(([pattern]) => pattern.test(output))?.[1];
}

/**
 * Only the final error decides, and only a registry's failure counts (a push, or a pull of a base
 * image or cache, a 429 rate limit included): a RUN step that printed "connection refused" before
 * failing is a build error, not a flaky registry.
 */
export function isTransientPushFailure(error: unknown): boolean {
  if (!(error instanceof CommandError)) return false;
  const finalError =
    error.result.stderr
      .split('\n')
      .filter((line) => /^ERROR:/.test(line.trim()))
      .pop() ?? '';
  return (
    /failed to push|unexpected status from|failed to do request|pushing .* with docker|failed to copy|failed to resolve source metadata|failed to fetch .*token/i.test(
      finalError
    ) && isTransientFailure(finalError)
  );
}

/** The host whose git repositories get the github-token (GitHub Enterprise sets GITHUB_SERVER_URL). */
function gitHost(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return new URL(env['GITHUB_SERVER_URL'] || 'https://github.com').host;
  } catch {
    return 'github.com';
  }
}

// Larger files are not text secrets worth masking line by line (and reading them would cost memory).
const MASKED_FILE_LIMIT = 1024 * 1024;

/** Every value the build may carry that is secret: the logins, the build's secrets, the step's variables and secret files. */
export function buildSecretValues(
  inputs: BuildSpec,
  logins: readonly Pick<Credentials, 'password'>[],
  env: NodeJS.ProcessEnv = process.env
): string[] {
  const secretArgs = new Set(secretLookingBuildArgs(inputs));
  const files = inputs.secretFiles.flatMap(({ value }) => {
    try {
      return statSync(value).size <= MASKED_FILE_LIMIT ? [readFileSync(value, 'utf8')] : [];
    } catch {
      return [];
    }
  });
  return [
    ...logins.map(({ password }) => password),
    inputs.githubToken,
    ...inputs.secrets.map(({ value }) => value),
    ...inputs.secretEnvs.map(({ value }) => env[value] ?? ''),
    ...files,
    ...inputs.buildArgs.filter(({ key }) => secretArgs.has(key)).map(({ value }) => value),
    ...[...inputs.cacheFrom, ...inputs.cacheTo].flatMap(cacheSpecSecrets)
  ].flatMap(maskableParts);
}

/** Masks every secret value for the runner's log; called before any command runs. */
export function maskBuildSecrets(
  inputs: BuildSpec,
  logins: readonly Pick<Credentials, 'password'>[],
  env: NodeJS.ProcessEnv = process.env
): string[] {
  const values = buildSecretValues(inputs, logins, env);
  for (const value of values) core.setSecret(value);
  return values;
}

/** What the build phase hears from the build beyond its result. */
export interface BuildListeners {
  /** Makes the reader of buildx's stdout for each try, for an export on it (an OCI tar): those bytes go there only, never to the log. */
  stdoutTo?: () => NodeJS.WritableStream;
  /** The export into an OCI layout is done, and named its image (ProgressReader). */
  onImageExported?: (digest: string) => void;
}

/** Runs the build. */
export async function runBuild(
  inputs: BuildSpec,
  builder: BuilderRef,
  plan: BuildPlan,
  { stdoutTo, onImageExported }: BuildListeners = {}
): Promise<BuildResult & { run: BuildRun }> {
  const host = gitHost();
  const env = buildEnv(inputs, host);
  const args = buildArgs(inputs, builder, plan, host);
  // The logins are masked already; the printed command is redacted of the build's own secrets.
  const printable = `docker ${redactCommand(args, buildSecretValues(inputs, [])).join(' ')}`;
  core.info(printable);
  // A failure's message names the command (and the retry warning may print it): the redacted one.
  // The progress is read as buildx streams it to the log; a retried build is read afresh.
  const watched: BuildRun = { progress: new ProgressReader().progress, startedAt: Date.now(), endedAt: 0 };
  // What the log showed of the last attempt: a failure is explained from it, not from the raw JSON.
  let shown = new LogTail();
  const runOnce = (): Promise<unknown> => {
    const reader = new ProgressReader(Date.now, onImageExported);
    const tail = (shown = new LogTail());
    const renderer = new RawProgressRenderer((line) => {
      core.info(line);
      reader.line(line);
      tail.push(line);
    });
    Object.assign(watched, { progress: reader.progress, startedAt: Date.now() });
    const sink = stdoutTo ? { stdoutTo: stdoutTo() } : {};
    return (
      run('docker', args, { env, onLine: (line) => renderer.line(line), ...sink })
        // The command's end is the export's end, whatever the pipe did: its reader never waits past it.
        .finally(() => sink.stdoutTo?.end())
        .catch((error: unknown) => {
          throw error instanceof CommandError ? new CommandError(printable, error.result) : error;
        })
        .finally(() => {
          renderer.end();
          watched.endedAt = Date.now();
        })
    );
  };
  try {
    // Only a push that the registry answered with a transient error is worth building again; BuildKit's cache makes that cheap.
    await withRetry('Build and push', runOnce, registryRetry, isTransientPushFailure);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    throw new ActionError(
      `docker buildx build failed (exit code ${error.result.exitCode}):\n${lastLines(shown.text(), 20)}`,
      adviceFor(`${shown.text()}\n${error.result.stdout}\n${error.result.stderr}`)
    );
  }
  try {
    return { ...parseBuildMetadata(readFileSync(plan.metadataFile, 'utf8')), run: watched };
  } catch {
    return { digest: '', imageId: '', metadata: {}, run: watched };
  }
}
