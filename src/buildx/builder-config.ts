import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '../seams/runner.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { CommandError, run } from '../seams/exec.js';
import { builderSupports, formatPlatform, runsNatively, type Platform } from '../model/platforms.js';
import { savePostState } from '../seams/state.js';
import type { BuilderRef } from './buildx-args.js';
import {
  appendNodeArgs,
  DEFAULT_BUILDKIT_IMAGE,
  DEFAULT_BUILDKIT_VERSION,
  createBuilderArgs,
  createContextArgs,
  JOB_CONTEXT_DESCRIPTION,
  inspectBuilderArgs,
  parseInspectNodes,
  tlsDriverOpts,
  type InspectedNode,
  type TlsFiles
} from './builder-args.js';
import { adoptUserBuilder, contextDockerHost, contextMetaFile } from './existing-builder.js';
import type { BuilderNode, Driver, RemoteTls } from '../model/builder.js';
import type { BuilderPlan } from '../model/plan.js';
import { builderFilesDir, removeBuilder } from './builder-removal.js';

export interface Builder extends BuilderRef {
  platforms: string[];
  nodes: InspectedNode[];
  /** Made before the job (the builder input): the post step leaves it alone. */
  existing: boolean;
}

/** The plan's builder settings, with driver: auto already decided. */
type BuilderSettings = Pick<
  BuilderPlan,
  'nodes' | 'driverOpts' | 'buildkitdFlags' | 'endpoint' | 'buildkitdConfig' | 'buildkitdConfigInline' | 'remoteTls'
> & { driver: Driver };

/** What creating the job's builder needs. */
export interface BuilderRequest {
  name: string;
  settings: BuilderSettings;
  /** The user's Docker config (read only) and the job's. */
  config: { userDir: string; dir: string };
  wanted: readonly Platform[];
  /** Platforms this runner runs, natively or with an emulator this step verified. */
  runnable: readonly Platform[];
  native: Platform;
}

/** A hung node must not hold the job: pulling moby/buildkit or scheduling a pod fits well inside this. */
export const BOOTSTRAP_TIMEOUT_MS = 180_000;

/** The daemon the user's own docker CLI talks to, read from files so it costs no docker call. */
export function userDockerHost(userConfigDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env['DOCKER_HOST']) return env['DOCKER_HOST'];
  let contextName = env['DOCKER_CONTEXT'] ?? '';
  if (!contextName) {
    try {
      const config = JSON.parse(readFileSync(path.join(userConfigDir, 'config.json'), 'utf8')) as {
        currentContext?: string;
      };
      contextName = config.currentContext ?? '';
    } catch {
      contextName = '';
    }
  }
  const host = contextName && contextName !== 'default' ? contextDockerHost(userConfigDir, contextName) : undefined;
  return host ?? 'unix:///var/run/docker.sock';
}

/** Masks every line too: the runner matches a masked value line by line in the log. */
function maskPem(pem: string): void {
  core.setSecret(pem.trim());
  for (const line of pem.split('\n')) if (line.trim() && !line.startsWith('-----')) core.setSecret(line.trim());
}

/** Writes the buildkitd config and the remote TLS files, 0600 in the job's private directory. */
function writeBuilderFiles(
  jobConfigDir: string,
  settings: Pick<BuilderSettings, 'buildkitdConfig' | 'buildkitdConfigInline' | 'remoteTls'>
): { configFile?: string; tls: TlsFiles } {
  const dir = builderFilesDir(jobConfigDir);
  const write = (name: string, content: string): string => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, name);
    writeFileSync(file, content, { mode: 0o600 });
    return file;
  };
  const tls: TlsFiles = {};
  for (const key of ['cacert', 'cert', 'key'] as const satisfies readonly (keyof RemoteTls)[]) {
    const pem = settings.remoteTls[key];
    if (!pem) continue;
    maskPem(pem);
    tls[key] = write(`${key}.pem`, pem);
  }
  let configFile = settings.buildkitdConfig ? path.resolve(settings.buildkitdConfig) : undefined;
  if (configFile && !existsSync(configFile))
    throw new ActionError(`buildkitd-config ${configFile} does not exist.`, 'give a path in the workspace.');
  if (settings.buildkitdConfigInline) configFile = write('buildkitd.toml', settings.buildkitdConfigInline);
  return configFile ? { configFile, tls } : { tls };
}

/** The name buildx gives a node: its own, else the builder's name and its index. */
function nodeLabel(builder: string, node: Pick<BuilderNode, 'name' | 'endpoint'>, index: number): string {
  const name = node.name || `${builder}${index}`;
  return node.endpoint ? `${name} (${node.endpoint})` : name;
}

/** What to do about a builder that did not boot; the image hint when buildx could not pull BuildKit. */
function bootFailure(name: string, settings: BuilderSettings, labels: readonly string[], error: unknown): ActionError {
  const detail =
    error instanceof CommandError ? error.result.stderr.trim().split('\n').slice(-4).join('\n') : errorMessage(error);
  const culprit = labels.find((label) => detail.includes(`(${label.split(' ')[0]})`));
  const nodes = culprit ?? labels.join(', ');
  const which = culprit || labels.length === 1 ? 'node' : 'nodes';
  const message = `Builder ${name} could not start (${which} ${nodes}); it was removed. buildx said:\n${detail}`;
  const image = settings.driverOpts.find((option) => option.startsWith('image='))?.slice('image='.length);
  if (settings.driver === 'docker-container' && /pull|resolve reference|toomanyrequests|manifest unknown/i.test(detail))
    return new ActionError(
      `${message}\nThe runner could not pull the BuildKit image ${image ?? DEFAULT_BUILDKIT_IMAGE}.`,
      `set driver-opts: image=<mirror>/moby/buildkit:${DEFAULT_BUILDKIT_VERSION} (a copy in a registry this runner reaches), ` +
        "or driver: docker (or auto), which uses the daemon's own BuildKit and pulls nothing; it builds every platform " +
        'when the daemon has the containerd image store and the emulators.'
    );
  return new ActionError(
    message,
    /timed out|time limit|deadline/i.test(detail)
      ? 'check that the endpoint is reachable from this runner and that BuildKit listens there.'
      : 'check the node endpoints and driver-opts; an unreachable node fails the build before anything is built.'
  );
}

/** Runs a step of the builder's creation; on failure the half-made builder goes at once, before the error. */
async function orRemove<T>(name: string, step: () => Promise<T>, fail: (error: unknown) => Error): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const problems = await removeBuilder(name);
    for (const problem of problems) core.warning(`Removing builder ${name}: ${problem}`);
    // Gone already: the post step has nothing left to remove.
    if (problems.length === 0) savePostState({ builder: '' });
    throw fail(error);
  }
}

/** docker-container, remote or kubernetes: create the first node, append the others, boot them all. */
async function createNodeBuilder(
  name: string,
  settings: BuilderSettings,
  jobConfigDir: string,
  pinned: readonly Platform[]
): Promise<InspectedNode[]> {
  const driver = settings.driver as Exclude<Driver, 'docker'>;
  const { configFile, tls } = writeBuilderFiles(jobConfigDir, settings);
  const labels = [nodeLabel(name, { name: '', endpoint: settings.endpoint }, 0)];
  const spec = {
    driver,
    driverOpts: [...settings.driverOpts, ...tlsDriverOpts(tls)],
    buildkitdFlags: settings.buildkitdFlags,
    endpoint: settings.endpoint,
    ...(configFile ? { configFile } : {}),
    platforms: pinned
  };
  await orRemove(
    name,
    () => run('docker', createBuilderArgs(name, spec)),
    (error) => bootFailure(name, settings, labels, error)
  );
  for (const [index, node] of settings.nodes.entries()) {
    const label = nodeLabel(name, node, index + 1);
    labels.push(label);
    // A fleet of remote buildkitds usually shares one CA and client certificate.
    const ownTls = node.driverOpts.some((option) => /^(cacert|cert|key)=/.test(option));
    const withTls =
      driver === 'remote' && !ownTls ? { ...node, driverOpts: [...node.driverOpts, ...tlsDriverOpts(tls)] } : node;
    await orRemove(
      name,
      () => run('docker', appendNodeArgs(name, withTls, { driver, configFile })),
      (error) => bootFailure(name, settings, [label], error)
    );
  }
  const inspected = await orRemove(
    name,
    () =>
      run('docker', inspectBuilderArgs({ name, driver }, true), {
        stream: true,
        timeoutMs: BOOTSTRAP_TIMEOUT_MS
      }),
    (error) => bootFailure(name, settings, labels, error)
  );
  return parseInspectNodes(inspected.stdout);
}

function logBuilder(builder: Builder): void {
  for (const node of builder.nodes)
    core.info(
      `Builder ${builder.name} node ${node.name} (${node.endpoint}): ${node.platforms.join(', ') || '(none reported)'}`
    );
}

/** The builder input: an existing builder, booted if it sleeps, never created nor saved for removal. */
export async function useExistingBuilder(name: string, userConfigDir: string, jobConfigDir: string): Promise<Builder> {
  const ref = adoptUserBuilder(name, userConfigDir, jobConfigDir);
  const inspected = await run('docker', inspectBuilderArgs(ref, true), { timeoutMs: BOOTSTRAP_TIMEOUT_MS }).catch(
    (error: unknown) => {
      throw new ActionError(
        `Builder ${name} (${ref.driver}) did not answer: ${errorMessage(error)}`,
        `check it with docker buildx inspect --bootstrap ${name}; the action does not change or remove a builder it did not create.`
      );
    }
  );
  const nodes = parseInspectNodes(inspected.stdout);
  const builder = { ...ref, nodes, platforms: [...new Set(nodes.flatMap((node) => node.platforms))], existing: true };
  logBuilder(builder);
  return builder;
}

/**
 * Creates the job's builder. Its name is saved for the post step before it exists, so a failure
 * halfway through creation is still cleaned up.
 */
export async function createBuilder(request: BuilderRequest): Promise<Builder> {
  const { name, settings, config, wanted, runnable, native } = request;
  savePostState({ builder: name, driver: settings.driver });
  if (settings.driver === 'docker') {
    // buildx refuses a second docker-driver instance; a job-scoped context is the named builder.
    const host = !settings.endpoint
      ? userDockerHost(config.userDir)
      : settings.endpoint.includes('://')
        ? settings.endpoint
        : contextDockerHost(config.userDir, settings.endpoint);
    if (!host) throw new ActionError(`endpoint ${settings.endpoint} is not a docker context in ${config.userDir}.`);
    await createJobContext(config.dir, name, host);
    const ref: BuilderRef = { name, driver: 'docker', dockerContext: name };
    return dockerDriverBuilder(ref, wanted, runnable);
  }
  // With other nodes, the runner's own platforms are pinned to its node so buildx keeps them here.
  const pinned = settings.nodes.length > 0 ? wanted.filter((platform) => runsNatively(platform, native)) : [];
  const nodes = await createNodeBuilder(name, settings, config.dir, pinned);
  const builder: Builder = {
    name,
    driver: settings.driver,
    nodes,
    platforms: [...new Set(nodes.flatMap((node) => node.platforms))],
    existing: false
  };
  logBuilder(builder);
  return builder;
}

// A host docker takes as it is written: a scheme it knows and no space, comma or quote.
const plainDockerHost = /^(unix|tcp|ssh|npipe|fd):\/\/[^\s,"]+$/;

/**
 * The docker-driver builder's context in the job's config, written as `docker context create` writes
 * it (docker's context store: contexts/meta/<sha256 of the name>/meta.json), which saves starting the
 * docker CLI. A host of any other shape goes through docker, which refuses it in its own words.
 */
async function createJobContext(configDir: string, name: string, host: string): Promise<void> {
  if (!plainDockerHost.test(host)) {
    await run('docker', createContextArgs(name, host));
    return;
  }
  const meta = {
    Name: name,
    Metadata: { Description: JOB_CONTEXT_DESCRIPTION },
    Endpoints: { docker: { Host: host, SkipTLSVerify: false } }
  };
  const file = contextMetaFile(configDir, name);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // wx: a context of that name is never overwritten, as docker refuses to.
  writeFileSync(file, JSON.stringify(meta), { mode: 0o600, flag: 'wx' });
}

async function dockerDriverBuilder(
  ref: BuilderRef,
  wanted: readonly Platform[],
  runnable: readonly Platform[]
): Promise<Builder> {
  // The docker driver's daemon caches its emulator scan, so its list cannot add to what this step
  // already verified (native or emulated): skip that call when it covers every wanted platform.
  const covered = wanted.every((platform) =>
    runnable.some((entry) => formatPlatform(entry) === formatPlatform(platform))
  );
  if (covered) {
    const platforms = wanted.map(formatPlatform);
    core.info(`Builder ${ref.name} (docker): the daemon's BuildKit, with ${platforms.join(', ')} native or emulated`);
    const node = { name: ref.name, endpoint: ref.name, status: 'running', error: '', platforms, pinned: [] };
    return { ...ref, platforms, nodes: [node], existing: false };
  }
  const inspected = await run('docker', inspectBuilderArgs(ref, false));
  const nodes = parseInspectNodes(inspected.stdout);
  const builder = { ...ref, nodes, platforms: [...new Set(nodes.flatMap((node) => node.platforms))], existing: false };
  logBuilder(builder);
  return builder;
}

/** Fails, listing what is missing, when the builder cannot build every wanted platform. */
export function checkBuilderPlatforms(
  builder: Builder,
  wanted: readonly Platform[],
  emulated: readonly Platform[] = []
): void {
  const covers = (platform: Platform): boolean =>
    builderSupports(builder.platforms, platform) ||
    emulated.some((entry) => formatPlatform(entry) === formatPlatform(platform));
  const missing = wanted.filter((platform) => !covers(platform));
  if (missing.length === 0) return;
  throw new ActionError(
    `Builder ${builder.name} cannot build ${missing.map(formatPlatform).join(', ')}. It supports: ${builder.platforms.join(', ') || 'nothing reported'}.`,
    'a foreign platform needs its QEMU emulator (keep qemu: auto) or a builder node of that architecture (nodes, or a builder that has one).'
  );
}
