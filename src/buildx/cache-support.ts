// The cache input, turned into cache-from/cache-to specs once the builder exists: gha where the
// runner provides GitHub's cache service and the builder speaks it, registry tags next to the image,
// or none, saying why. The decisions are pure and table-tested; only the daemon and buildx reads run commands.
import { coerce, gte, valid } from 'semver';
import * as core from '../seams/runner.js';
import { run } from '../seams/exec.js';
import { ActionError } from '../model/errors.js';
import { ghaScope, registryCacheTag, type CachePlan } from '../model/cache.js';
import type { Driver } from '../model/builder.js';
import type { Platform } from '../model/platforms.js';
import { readDaemonFacts, type DaemonFacts } from './daemon.js';
import type { Builder } from './builder-config.js';

/** The cache service the runner's environment offers: v2 (github.com since April 2025) or the legacy v1 (GHES). */
export type GhaService = { version: 1 | 2 } | { missing: string };

/** strconv.ParseBool's true values: what buildx accepts in ACTIONS_CACHE_SERVICE_V2. */
const trueValues = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** Reads the runner's environment as buildx and actions/toolkit do (token, v2 flag, service URLs). */
export function ghaServiceOf(env: NodeJS.ProcessEnv): GhaService {
  if (!env['ACTIONS_RUNTIME_TOKEN'])
    return { missing: 'the step has no ACTIONS_RUNTIME_TOKEN (not a GitHub Actions runner)' };
  if (trueValues.has(env['ACTIONS_CACHE_SERVICE_V2'] ?? '')) {
    if (!env['ACTIONS_RESULTS_URL'])
      return { missing: 'ACTIONS_CACHE_SERVICE_V2 is set but ACTIONS_RESULTS_URL is not' };
    return { version: 2 };
  }
  if (!env['ACTIONS_CACHE_URL'] && !env['ACTIONS_RESULTS_URL'])
    return { missing: 'the step has neither ACTIONS_CACHE_URL nor ACTIONS_RESULTS_URL' };
  return { version: 1 };
}

/** What the builder is, as far as the cache needs to know. */
export interface CacheBuilderFacts {
  driver: Driver;
  /** `docker buildx version`'s version ('' when unreadable). */
  buildx: string;
  /** Each node's BuildKit version as inspect reports it ('' when it does not). */
  buildkit: string[];
  /** docker driver: the daemon's version, whose BuildKit is built in (Docker 28.0 ships BuildKit 0.20). */
  dockerEngine?: string;
  /** docker driver: whether the daemon runs the containerd image store, which alone exports a cache. */
  containerdStore?: boolean;
}

/** A version, or undefined for none or one a distribution left unset (v0.0.0+unknown). */
function versionOf(text: string): string | undefined {
  const version = coerce(text.replace(/^v/, ''))?.version;
  return version && valid(version) && version !== '0.0.0' ? version : undefined;
}

export type Support = { ok: true } | { ok: false; why: string; certain: boolean };

/** Whether the builder can use the gha cache of this service version. */
export function ghaSupport(facts: CacheBuilderFacts, version: 1 | 2): Support {
  if (facts.driver === 'docker' && facts.containerdStore === false)
    return { ok: false, certain: true, why: 'the docker driver exports a cache only with the containerd image store' };
  if (version === 1) return { ok: true };
  const buildx = versionOf(facts.buildx);
  if (!buildx) return { ok: false, certain: false, why: `cannot tell the buildx version (${facts.buildx || 'none'})` };
  if (!gte(buildx, '0.21.0'))
    return { ok: false, certain: true, why: `buildx ${buildx} predates cache service v2 (buildx 0.21 speaks it)` };
  if (facts.driver === 'docker') {
    const engine = versionOf(facts.dockerEngine ?? '');
    if (!engine) return { ok: false, certain: false, why: "cannot tell the daemon's BuildKit version" };
    if (!gte(engine, '28.0.0'))
      return {
        ok: false,
        certain: true,
        why: `Docker ${engine}'s built-in BuildKit predates 0.20, the first to speak cache service v2`
      };
    return { ok: true };
  }
  const versions = facts.buildkit.map(versionOf);
  const old = versions.find((entry) => entry !== undefined && !gte(entry, '0.20.0'));
  if (old)
    return { ok: false, certain: true, why: `BuildKit ${old} predates 0.20, the first to speak cache service v2` };
  if (versions.length === 0 || versions.includes(undefined))
    return { ok: false, certain: false, why: "cannot tell every node's BuildKit version" };
  return { ok: true };
}

/** What the cache input adds to the build command, and the one line that says so. */
export interface CacheSpecs {
  cacheFrom: string[];
  cacheTo: string[];
  line: string;
  /** registry: after the one export, the same cache manifest goes under these tags of `repository` too. */
  alsoTag?: { repository: string; tags: string[] };
  /** registry, when it writes: the export goes into the image's repository, after the image's export. */
  writesRegistry?: true;
}

const none = (line: string): CacheSpecs => ({ cacheFrom: [], cacheTo: [], line });
const exportOptions = 'mode=max,ignore-error=true';

/**
 * One registry tag per platform next to the image: read them all; when pushing, export once to the
 * first platform's tag and put the same cache manifest under the others' (one --cache-to per tag
 * would upload every new layer once per tag: BuildKit runs the exporters side by side).
 */
export function registrySpecs(plan: CachePlan, platforms: readonly Platform[]): CacheSpecs {
  const tags = platforms.map(registryCacheTag);
  const refs = tags.map((tag) => `${plan.repository}:${tag}`);
  const cacheFrom = refs.map((ref) => `type=registry,ref=${ref}`);
  const line = `cache: registry: reading ${refs.join(', ')}; `;
  if (!plan.write) return { cacheFrom, cacheTo: [], line: `${line}writing none (push is off)` };
  const [first, ...others] = tags;
  const then = others.length > 0 ? `, then the same cache manifest under ${others.join(', ')}` : '';
  return {
    cacheFrom,
    cacheTo: [`type=registry,ref=${plan.repository}:${first},${exportOptions}`],
    line: `${line}writing ${first} (mode=max)${then}`,
    writesRegistry: true,
    ...(others.length > 0 ? { alsoTag: { repository: plan.repository, tags: others } } : {})
  };
}

/**
 * One gha scope per image, platform and branch: read this branch's, then the default branch's;
 * write this branch's. Buildx reads the token and the service URLs from the runner's variables.
 */
export function ghaSpecs(plan: CachePlan, platforms: readonly Platform[], service: 1 | 2): CacheSpecs {
  const branches = [
    plan.branch,
    ...(plan.defaultBranch && plan.defaultBranch !== plan.branch ? [plan.defaultBranch] : [])
  ];
  const cacheFrom = platforms.flatMap((platform) =>
    branches.map((branch) => `type=gha,scope=${ghaScope(plan.repository, platform, branch)}`)
  );
  const cacheTo = plan.write
    ? platforms.map((platform) => `type=gha,scope=${ghaScope(plan.repository, platform, plan.branch)},${exportOptions}`)
    : [];
  const scopes = platforms.map((platform) => ghaScope(plan.repository, platform, plan.branch));
  const fallback = branches.length > 1 ? `, then ${plan.defaultBranch}'s` : '';
  const writing = plan.write ? 'writing them (mode=max)' : 'writing none (push is off)';
  return {
    cacheFrom,
    cacheTo,
    line: `cache: gha (service v${service}): scopes ${scopes.join(', ')}; reading this branch's${fallback}; ${writing}`
  };
}

/** The daemon a docker-driver builder runs on: as driver: auto read it, else one `docker info` through its context. */
const daemonOf = (builder: Builder, known?: DaemonFacts): Promise<DaemonFacts> =>
  known ? Promise.resolve(known) : readDaemonFacts(builder.dockerContext ? { context: builder.dockerContext } : {});

/** The builder facts the gha decision needs: at most two quick commands, run only when the runner has the service. */
/** `docker buildx version`'s version ('' when unreadable). */
export async function readBuildxVersion(): Promise<string> {
  const buildx = await run('docker', ['buildx', 'version'], { allowFailure: true });
  return buildx.exitCode === 0 ? (buildx.stdout.trim().split(/\s+/)[1] ?? '') : '';
}

/**
 * Which builder facts the cache decision will read, so that the job can start them while it logs in:
 * gha (or auto) with the runner's cache service reads the buildx version, and the daemon's on the
 * docker driver; registry reads the daemon's image store on the docker driver.
 */
export function builderFactsRead(plan: CachePlan, env: NodeJS.ProcessEnv): { buildx: boolean; daemon: boolean } {
  if (plan.skip) return { buildx: false, daemon: false };
  if (plan.mode === 'registry') return { buildx: false, daemon: true };
  const gha = !('missing' in ghaServiceOf(env));
  return { buildx: gha, daemon: gha };
}

async function cacheFacts(
  builder: Builder,
  daemon?: DaemonFacts,
  buildx?: Promise<string>
): Promise<CacheBuilderFacts> {
  const facts: CacheBuilderFacts = {
    driver: builder.driver,
    buildx: await (buildx ?? readBuildxVersion()),
    buildkit: builder.nodes.map((node) => node.buildkit ?? '')
  };
  return builder.driver === 'docker' ? { ...facts, ...(await daemonOf(builder, daemon)) } : facts;
}

export interface CacheRequest {
  plan: CachePlan;
  platforms: readonly Platform[];
  builder: Builder;
  env: NodeJS.ProcessEnv;
  /** The daemon as driver: auto (or the job's start, for the docker driver) read it, so that it is not asked again. */
  daemon?: DaemonFacts;
  /** `docker buildx version`, started while the job logged in. */
  buildxVersion?: Promise<string>;
  /** Overridable for tests. */
  facts?: (builder: Builder) => Promise<CacheBuilderFacts>;
  store?: (builder: Builder) => Promise<{ containerdStore: boolean }>;
}

/** The cache specs of this build; cache: gha fails here, before the build, when it cannot work. */
export async function resolveCache(request: CacheRequest): Promise<CacheSpecs> {
  const { plan, platforms, builder, env } = request;
  if (plan.skip) return none(`cache: ${plan.mode}: nothing added (${plan.skip})`);
  if (plan.mode === 'registry') {
    // buildx refuses any cache export of the docker driver on the classic store, failing the build.
    const store = request.store ?? ((docker: Builder) => daemonOf(docker, request.daemon));
    if (builder.driver === 'docker' && !(await store(builder)).containerdStore) {
      core.warning(
        "cache: registry: the docker driver on this daemon's classic image store cannot export a cache; building without one (driver: auto or docker-container can)"
      );
      return none('cache: registry: none, the docker driver exports a cache only with the containerd image store');
    }
    return registrySpecs(plan, platforms);
  }
  const service = ghaServiceOf(env);
  if ('missing' in service) {
    if (plan.mode === 'auto')
      return none(`cache: auto: none, the runner provides no cache service: ${service.missing}`);
    throw new ActionError(
      `cache: gha needs GitHub's cache service, and ${service.missing}.`,
      'use cache: registry (tags next to the image), or cache: auto, which builds without a cache where there is no service.'
    );
  }
  const facts = request.facts ?? ((docker: Builder) => cacheFacts(docker, request.daemon, request.buildxVersion));
  const support = ghaSupport(await facts(builder), service.version);
  if (!support.ok) {
    if (plan.mode === 'auto') return none(`cache: auto: none, the builder cannot use the gha cache: ${support.why}`);
    const advice =
      'set buildx-version: latest and use a builder with BuildKit 0.20 or later (driver: docker-container pulls the current moby/buildkit), or use cache: registry.';
    if (support.certain) throw new ActionError(`cache: gha cannot work here: ${support.why}.`, advice);
    core.warning(`cache: gha: ${support.why}; trying it anyway`);
  }
  return ghaSpecs(plan, platforms, service.version);
}
