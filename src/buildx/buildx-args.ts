// Pure translation of inputs into docker command lines. No I/O here: table-tested.
import type { Driver } from '../model/builder.js';
import type { BuildSpec } from '../model/plan.js';
import type { KeyValue } from '../model/lists.js';
import { formatPlatform, type Platform } from '../model/platforms.js';
import { moveCacheCredentials } from './redact.js';
import { secretLookingBuildArgs } from '../model/build.js';

export interface BuilderRef {
  name: string;
  driver: Driver;
  /** For the docker driver: the job's docker context that makes the daemon's BuildKit a named builder. */
  dockerContext?: string;
}

/**
 * The leading arguments that address the job's builder. The docker driver's builder is a context,
 * and buildx refuses --builder for it ("use docker --context=NAME buildx").
 */
export function buildxPrefix(builder: BuilderRef): string[] {
  return builder.dockerContext ? ['--context', builder.dockerContext, 'buildx'] : ['buildx'];
}

export function builderFlag(builder: BuilderRef): string[] {
  return builder.dockerContext ? [] : ['--builder', builder.name];
}

/** One CSV field for buildx's --output/--secret parser: quoted when it holds a comma or a quote. */
export function csvField(field: string): string {
  return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * How the image leaves BuildKit when the action handles it. Either way buildx writes no tag.
 * - stream: an OCI tar on buildx's stdout, read as it comes (every driver; the docker driver cannot
 *   push by digest); `localImage` also stores it in the daemon under that name, for the smoke run.
 * - layout: an OCI layout on disk (kept per image, so BuildKit writes only the blobs it lacks).
 * - push-by-digest: BuildKit pushes it untagged into the repositories, asking the registry what it
 *   has first (docker-container, remote, kubernetes).
 */
export type ImageExport =
  | { kind: 'stream'; localImage?: string }
  | { kind: 'layout'; dir: string }
  | { kind: 'push-by-digest'; repositories: readonly string[] };

export interface BuildPlan {
  platforms: readonly Platform[];
  /** Full references to tag (and push when push is on). */
  tags: readonly string[];
  labels: readonly KeyValue[];
  annotations: readonly KeyValue[];
  /** How the action takes the image from BuildKit; absent, buildx does what the user's outputs say (or nothing). */
  export?: ImageExport;
  metadataFile: string;
  /** The cache input's specs (a gha scope or registry tag per platform), after the user's own. */
  cache?: { cacheFrom: readonly string[]; cacheTo: readonly string[] };
}

/** Environment variable that carries the value of the n-th BuildKit secret, so no secret is on argv. */
export function secretEnvName(index: number): string {
  return `MAB_BUILD_SECRET_${index}`;
}

export function buildArgs(inputs: BuildSpec, builder: BuilderRef, plan: BuildPlan, gitHost = 'github.com'): string[] {
  // rawjson carries each step's inputs, which name its platform where plain progress does not; the
  // action renders it as plain progress for the log (build/raw-progress.ts).
  const args = [...buildxPrefix(builder), 'build', ...builderFlag(builder), '--progress', 'rawjson'];
  const repeated = (flag: string, values: readonly string[]): void => {
    for (const value of values) args.push(flag, value);
  };
  const pairs = (values: readonly KeyValue[]): string[] => values.map(({ key, value }) => `${key}=${value}`);
  const cache = moveCacheCredentials(inputs.cacheFrom, inputs.cacheTo);
  args.push('--platform', plan.platforms.map(formatPlatform).join(','));
  if (inputs.file) args.push('--file', inputs.file);
  // The action's own export names the image itself; buildx would write the tags into it.
  if (!plan.export) repeated('--tag', plan.tags);
  repeated('--build-arg', buildArgSpecs(inputs));
  repeated('--label', pairs(plan.labels));
  repeated('--annotation', pairs(plan.annotations));
  repeated('--build-context', pairs(inputs.buildContexts));
  repeated('--secret', secretSpecs(inputs, gitHost));
  repeated('--ssh', inputs.ssh);
  if (inputs.target) args.push('--target', inputs.target);
  if (inputs.network) args.push('--network', inputs.network);
  repeated('--add-host', inputs.addHosts);
  if (inputs.shmSize) args.push('--shm-size', inputs.shmSize);
  repeated('--ulimit', inputs.ulimit);
  repeated('--allow', inputs.allow);
  repeated('--cache-from', [...cache.cacheFrom, ...(plan.cache?.cacheFrom ?? [])]);
  repeated('--cache-to', [...cache.cacheTo, ...(plan.cache?.cacheTo ?? [])]);
  repeated('--no-cache-filter', inputs.noCacheFilters);
  // The plan decides it (planning/provenance.ts): the input, or build-push-action's default where the image is exported.
  if (inputs.provenance) args.push(`--provenance=${inputs.provenance}`);
  if (inputs.sbom) args.push(`--sbom=${inputs.sbom}`);
  repeated('--attest', inputs.attests);
  if (inputs.noCache) args.push('--no-cache');
  if (inputs.pull) args.push('--pull');
  if (inputs.call) args.push('--call', inputs.call);
  args.push('--metadata-file', plan.metadataFile);
  repeated('--output', outputSpecs(inputs, plan));
  if (inputs.load) args.push('--load');
  args.push(inputs.context);
  return args;
}

/** The user's outputs replace the action's own; otherwise the action's export, if any. */
function outputSpecs(inputs: Pick<BuildSpec, 'outputs'>, plan: BuildPlan): string[] {
  if (inputs.outputs.length > 0) return inputs.outputs;
  const exported = plan.export;
  if (!exported) return [];
  if (exported.kind === 'push-by-digest')
    return [
      [
        'type=image',
        'push-by-digest=true',
        'name-canonical=true',
        'push=true',
        csvField(`name=${exported.repositories.join(',')}`)
      ].join(',')
    ];
  if (exported.kind === 'layout') return [['type=oci', 'tar=false', csvField(`dest=${exported.dir}`)].join(',')];
  const local = exported.localImage ? [['type=image', csvField(`name=${exported.localImage}`)].join(',')] : [];
  return ['type=oci,dest=-', ...local];
}

/** Environment variable that carries the GitHub token for git contexts. */
export const GIT_AUTH_ENV = 'MAB_GIT_AUTH_TOKEN';

/** Remote git contexts, as BuildKit recognises them (a .git URL, git@, ssh://, or the GitHub host). */
export function isGitUrl(value: string, gitHost = 'github.com'): boolean {
  if (/^(?:git@|git:\/\/|ssh:\/\/|github\.com\/)/.test(value)) return true;
  const match = /^https?:\/\/([^/#?]+)([^#?]*)/.exec(value);
  return !!match && (match[1] === gitHost || /\.git$/.test(match[2] ?? ''));
}

/**
 * The secret id under which the github-token goes to git contexts, as build-push-action does it:
 * GIT_AUTH_TOKEN.<GitHub host>, so BuildKit sends it to that host only. None when no git context
 * is built, or when the user passes a GIT_AUTH_TOKEN secret of their own.
 */
export function gitAuthSecretId(
  inputs: Pick<BuildSpec, 'githubToken' | 'context' | 'buildContexts' | 'secrets' | 'secretFiles' | 'secretEnvs'>,
  gitHost = 'github.com'
): string | undefined {
  const id = `GIT_AUTH_TOKEN.${gitHost}`;
  if (!inputs.githubToken) return undefined;
  if (!isGitUrl(inputs.context, gitHost) && !inputs.buildContexts.some(({ value }) => isGitUrl(value, gitHost)))
    return undefined;
  const ids = [...inputs.secrets, ...inputs.secretFiles, ...inputs.secretEnvs].map(({ key }) => key);
  return ids.includes('GIT_AUTH_TOKEN') || ids.includes(id) ? undefined : id;
}

/** Every --secret value: ids and where buildx reads the value (a variable or a file), never the value itself. */
function secretSpecs(inputs: BuildSpec, gitHost = 'github.com'): string[] {
  const gitAuth = gitAuthSecretId(inputs, gitHost);
  return [
    ...inputs.secrets.map(({ key }, index) => `id=${key},env=${secretEnvName(index)}`),
    ...inputs.secretFiles.map(({ key, value }) => `id=${key},${csvField(`src=${value}`)}`),
    ...inputs.secretEnvs.map(({ key, value }) => `id=${key},env=${value}`),
    ...(gitAuth ? [`id=${gitAuth},env=${GIT_AUTH_ENV}`] : [])
  ];
}

// Variables buildx or docker read themselves: a build arg of that name stays on the command line.
const variablesOfBuildx = /^(?:ACTIONS_|AWS_|BUILDX_|BUILDKIT_|DOCKER_|MAB_|SSH_)|^(?:PATH|HOME|TMPDIR)$/;

/** Secret-looking build args that go through the environment: buildx reads --build-arg NAME's value from $NAME. */
export function buildArgsFromEnv(inputs: Pick<BuildSpec, 'buildArgs' | 'secretEnvs'>): KeyValue[] {
  const looking = new Set(secretLookingBuildArgs(inputs));
  const taken = new Set(inputs.secretEnvs.map(({ value }) => value));
  return inputs.buildArgs.filter(
    ({ key }) =>
      looking.has(key) && !variablesOfBuildx.test(key) && !taken.has(key) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
  );
}

function buildArgSpecs(inputs: Pick<BuildSpec, 'buildArgs' | 'secretEnvs'>): string[] {
  const fromEnv = new Set(buildArgsFromEnv(inputs).map(({ key }) => key));
  return inputs.buildArgs.map(({ key, value }) => (fromEnv.has(key) ? key : `${key}=${value}`));
}

/** The variables the build command needs: secret values, the git token, and cache credentials moved off argv. */
export function buildEnv(inputs: BuildSpec, gitHost = 'github.com'): Record<string, string> {
  return {
    ...moveCacheCredentials(inputs.cacheFrom, inputs.cacheTo).env,
    ...Object.fromEntries(buildArgsFromEnv(inputs).map(({ key, value }) => [key, value])),
    ...Object.fromEntries(inputs.secrets.map(({ value }, index) => [secretEnvName(index), value])),
    ...(gitAuthSecretId(inputs, gitHost) ? { [GIT_AUTH_ENV]: inputs.githubToken } : {})
  };
}
