// Pure translation of the builder inputs into docker command lines, and of `buildx inspect` back. Table-tested.
import { formatPlatform, type Platform } from '../model/platforms.js';
import { buildxPrefix, builderFlag, csvField, type BuilderRef } from './buildx-args.js';
import type { BuilderNode, Driver } from '../model/builder.js';

/** What the first node of a job's builder is made of. */
export interface BuilderSpec {
  driver: Exclude<Driver, 'docker'>;
  driverOpts: readonly string[];
  buildkitdFlags: string;
  endpoint: string;
  /** A buildkitd.toml for every node this job creates. */
  configFile?: string;
  /** Platforms pinned to this node, so buildx sends them here before to an emulating node. */
  platforms?: readonly Platform[];
}

/**
 * The BuildKit the docker-container and kubernetes drivers run when the user names none: a release,
 * pinned by the digest of its multi-arch index, so whoever could move a tag (buildx's default is
 * the mutable moby/buildkit:buildx-stable-1) cannot choose what runs, privileged, beside the job's
 * logins. v0.29.0's index digest, as pinned in public build scripts and workflows (driver-opts
 * lines for amd64 and arm64 runners in several unrelated repositories, and the digest
 * buildx-stable-1 carried while it pointed at v0.29.0); Docker Hub is not reachable from the test
 * machines, so the e2e workflow's docker-container job is where it is pulled.
 */
export const DEFAULT_BUILDKIT_VERSION = 'v0.29.0';
export const DEFAULT_BUILDKIT_IMAGE = `moby/buildkit:${DEFAULT_BUILDKIT_VERSION}@sha256:0039c1d47e8748b5afea56f4e85f14febaf34452bd99d9552d2daa82262b5cc5`;
const imageDrivers: readonly Driver[] = ['docker-container', 'kubernetes'];

/** The driver options, with the pinned BuildKit image for a driver that runs one, unless the user chose an image. */
function withBuildkitImage(driver: Driver, driverOpts: readonly string[]): string[] {
  if (!imageDrivers.includes(driver) || driverOpts.some((option) => option.startsWith('image=')))
    return [...driverOpts];
  return [csvField(`image=${DEFAULT_BUILDKIT_IMAGE}`), ...driverOpts];
}

/** Paths of the TLS client files written for the remote driver. */
export interface TlsFiles {
  cacert?: string;
  cert?: string;
  key?: string;
}

/** The remote driver reads its TLS client files from driver options; buildx splits each option as CSV. */
export function tlsDriverOpts(files: TlsFiles): string[] {
  return (['cacert', 'cert', 'key'] as const)
    .filter((key) => files[key] !== undefined)
    .map((key) => csvField(`${key}=${files[key] as string}`));
}

function nodeFlags(options: {
  driverOpts: readonly string[];
  buildkitdFlags: string;
  configFile?: string | undefined;
  platforms?: readonly Platform[] | undefined;
}): string[] {
  return [
    ...options.driverOpts.flatMap((option) => ['--driver-opt', option]),
    ...(options.buildkitdFlags ? ['--buildkitd-flags', options.buildkitdFlags] : []),
    ...(options.configFile ? ['--buildkitd-config', options.configFile] : []),
    ...(options.platforms?.length ? ['--platform', options.platforms.map(formatPlatform).join(',')] : [])
  ];
}

/** `--` ends the options: an endpoint can never become a flag of buildx create. */
const positional = (endpoint: string): string[] => (endpoint ? ['--', endpoint] : []);

/** The job's builder and its first node. Never --use: the user's current builder stays. */
export function createBuilderArgs(name: string, spec: BuilderSpec): string[] {
  return [
    'buildx',
    'create',
    '--name',
    name,
    '--driver',
    spec.driver,
    ...nodeFlags({ ...spec, driverOpts: withBuildkitImage(spec.driver, spec.driverOpts) }),
    ...positional(spec.endpoint)
  ];
}

/** One more node of the job's builder; it takes the builder's driver (and its BuildKit image) and the job's buildkitd config. */
export function appendNodeArgs(
  name: string,
  node: BuilderNode,
  builder: { driver: Exclude<Driver, 'docker'>; configFile?: string | undefined }
): string[] {
  return [
    'buildx',
    'create',
    '--append',
    '--name',
    name,
    ...(node.name ? ['--node', node.name] : []),
    ...nodeFlags({
      ...node,
      driverOpts: withBuildkitImage(builder.driver, node.driverOpts),
      configFile: builder.configFile
    }),
    ...positional(node.endpoint)
  ];
}

/** What `docker context ls` says of the job's docker-driver builder. */
export const JOB_CONTEXT_DESCRIPTION = 'multiarch-build-push job builder';

export function createContextArgs(name: string, dockerHost: string): string[] {
  return [
    'context',
    'create',
    '--description',
    JOB_CONTEXT_DESCRIPTION,
    '--docker',
    csvField(`host=${dockerHost}`),
    '--',
    name
  ];
}

export function inspectBuilderArgs(builder: BuilderRef, bootstrap: boolean): string[] {
  return [...buildxPrefix(builder), 'inspect', ...(bootstrap ? ['--bootstrap'] : []), ...builderFlag(builder)];
}

/** One node as `buildx inspect` reports it. */
export interface InspectedNode {
  name: string;
  endpoint: string;
  status: string;
  error: string;
  platforms: string[];
  /** Platforms set with --platform (shown with a *): the node serves them by the user's word. */
  pinned: string[];
  /** The node's BuildKit version as reported (v0.20.1), when inspect reports one. */
  buildkit?: string;
}

function inspectField(line: string): [string, string] | undefined {
  const match = /^\s*([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
  return match ? [match[1] as string, (match[2] as string).trim()] : undefined;
}

/** Reads each node's name, endpoint, status and platforms from `buildx inspect` text output. */
export function parseInspectNodes(output: string): InspectedNode[] {
  const nodes: InspectedNode[] = [];
  let inNodes = false;
  for (const line of output.split('\n')) {
    if (/^Nodes:\s*$/.test(line)) inNodes = true;
    const field = inspectField(line);
    if (!field || /^\s/.test(line)) continue;
    const [key, value] = field;
    const fresh = (name: string): InspectedNode => ({
      name,
      endpoint: '',
      status: '',
      error: '',
      platforms: [],
      pinned: []
    });
    if (key === 'Name' && inNodes) nodes.push(fresh(value));
    // A bare platform list (no Nodes: section) is one unnamed node.
    if (key === 'Platforms' && nodes.length === 0) nodes.push(fresh(''));
    const node = nodes[nodes.length - 1];
    if (!node) continue;
    if (key === 'Endpoint') node.endpoint = value;
    if (key === 'Status') node.status = value;
    if (key === 'Error') node.error = value;
    if (/^Build[Kk]it(?: version)?$/.test(key)) node.buildkit = value;
    if (key !== 'Platforms') continue;
    for (const entry of value.split(',').map((text) => text.trim())) {
      if (!entry) continue;
      node.platforms.push(entry.replace(/\*$/, ''));
      if (entry.endsWith('*')) node.pinned.push(entry.slice(0, -1));
    }
  }
  return nodes;
}

/** Every platform the builder's nodes report, once. */
export function parseInspectPlatforms(output: string): string[] {
  return [...new Set(parseInspectNodes(output).flatMap((node) => node.platforms))];
}
