import * as path from 'node:path';
import { valid as validSemver, validRange } from 'semver';
import { InputError } from '../model/errors.js';
import { parseBuildInputs } from './build-inputs.js';
import { parseSmokeFlags } from './smoke-flags.js';
import {
  annotationKeyPattern,
  parseBoolean,
  parseChoice,
  parseKeyValueLines,
  splitLines,
  splitList
} from '../model/lists.js';
import { parseAuditLimits } from './audit-limits.js';
import { parseDownloadUrl } from '../model/download-url.js';
import { DEFAULT_PLATFORMS, DEFAULT_QEMU_IMAGE, refuseEmptyInputs } from './empty-inputs.js';
import { builderConfigInputs, checkInputRules, type RawInputs } from './input-rules.js';
import { parsePlatformList } from '../model/platforms.js';
import { parseBuilderInputs } from './builder-inputs.js';
import { parseImageReference } from '../model/references.js';
import { parseMetadataInputs } from './metadata-inputs.js';
import type { EcrMode, LoginScope } from '../model/login.js';
import { ecrModes, parseRegistryAuth } from './registry-auth.js';
import { parseSource } from './parse-source.js';
import { parseTagInputs } from './tag-entries.js';
import type { CheckLevel, PlatformCheck } from '../model/checks.js';
import type { SourceReference } from '../model/sources.js';
import type { InputReader, Inputs, Mode, PushMode } from '../model/inputs.js';
import { cacheModes, parseCacheEntry, type CacheEntry, type CacheMode } from '../model/cache.js';
import { DEFAULT_RETRY_AFTER_MAX_SECONDS } from '../model/retry.js';
import { isPullRequest, type GitEvent } from '../model/event.js';

export { DEFAULT_QEMU_IMAGE } from './empty-inputs.js';

const cacheTypes = ['registry', 'local', 'inline', 'gha', 's3', 'azblob'];
const networks = ['default', 'host', 'none'];
const platformChecks: readonly PlatformCheck[] = ['error', 'trim', 'warn', 'off'];

/** Checks a cache-from/cache-to entry: CSV key=value pairs with a known type, or an image reference as shorthand for type=registry. */
/** A cache entry as an error shows it (before its credentials are masked): its keys and type, no other value. */
function cacheEntryShown(entry: string, index: number): string {
  const fields = entry.split(',').map((field) => {
    const separator = field.indexOf('=');
    const key = field.slice(0, Math.max(separator, 0)).trim();
    return separator < 0 ? '…' : key === 'type' ? field.trim() : `${key}=…`;
  });
  return `line ${index + 1}: ${fields.join(',')}`;
}

function parseCacheEntries(input: string, raw: string, allowShorthand: boolean): CacheEntry[] {
  const accepted = `type=${cacheTypes.join('|')} followed by ,key=value pairs${allowShorthand ? ', or an image reference' : ''}; one per line`;
  return splitLines(raw).map((text, index) => {
    const shown = cacheEntryShown(text, index);
    const entry = parseCacheEntry(text);
    if (entry.shorthand) {
      if (!allowShorthand) throw new InputError(input, shown, accepted, 'no type=');
      parseImageReference(text, input);
      return entry;
    }
    if (!entry.fields) throw new InputError(input, shown, accepted, 'every field must be key=value');
    if (!entry.fields.some(({ key }) => key === 'type')) throw new InputError(input, shown, accepted, 'no type=');
    if (!cacheTypes.includes(entry.type))
      throw new InputError(input, shown, accepted, `unknown cache type '${entry.type}'`);
    return entry;
  });
}

function parseInteger(input: string, raw: string, range: { fallback: number; min: number; max: number }): number {
  const { fallback, min, max } = range;
  const text = raw.trim();
  if (text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new InputError(input, raw, `a whole number from ${min} to ${max}`);
  return value;
}

function parseBuildxVersion(raw: string): string {
  const value = raw.trim();
  if (value === '' || value === 'latest') return value;
  const accepted =
    "empty (the installed plugin), 'latest', an exact version such as 0.19.3 or v0.19.3, or a semver range such as ^0.19";
  if (validSemver(value, { loose: true }) || validRange(value, { loose: true })) return value;
  throw new InputError('buildx-version', raw, accepted);
}

function parseNetwork(network: string): string {
  if (network !== '' && !networks.includes(network)) throw new InputError('network', network, networks.join(', '));
  return network;
}

const qemuImageAccepted =
  'an image reference, best pinned by digest: repo[:tag], repo@sha256:<64 hex> or repo:tag@sha256:<64 hex> (sha512:<128 hex> too)';
const pinnedDigest = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** The image that registers emulators (run --privileged): a reference, with or without a tag, optionally @digest. */
function parseQemuImage(raw: string): string {
  const image = raw.trim() || DEFAULT_QEMU_IMAGE;
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  if (digest !== undefined && !pinnedDigest.test(digest))
    throw new InputError('qemu-image', raw, qemuImageAccepted, `'${digest}' is not a digest`);
  try {
    parseImageReference(at >= 0 ? image.slice(0, at) : image, 'qemu-image');
  } catch (error) {
    if (error instanceof InputError) throw new InputError('qemu-image', raw, qemuImageAccepted, error.detail);
    throw error;
  }
  return image;
}

function parseRegistry(registry: string): string {
  if (registry === '') return registry;
  const accepted = 'a registry host such as ghcr.io, registry.example.com:5000 or docker.io';
  const parsed = parseImageReference(`${registry}/probe`, 'registry');
  // Without a dot, port or localhost the first part would be a Docker Hub namespace, not a host.
  if (
    parsed.registry !== registry &&
    !(parsed.registry === 'docker.io' && /^(?:index\.|registry-1\.)?docker\.io$/.test(registry))
  )
    throw new InputError('registry', registry, accepted);
  return registry;
}

/** step (the default) or job: whether later steps of the job see the logins. */
function parseLoginScope(raw: string): LoginScope {
  return parseChoice<LoginScope>('login-scope', raw, ['step', 'job'], 'step');
}

/** yes/no and on/off read as true/false, as docker's actions take them. */
function parsePush(raw: string): PushMode {
  const pushRaw = raw.toLowerCase();
  return parseChoice<PushMode>(
    'push',
    pushRaw === 'yes' || pushRaw === 'on' ? 'true' : pushRaw === 'no' || pushRaw === 'off' ? 'false' : pushRaw,
    ['auto', 'true', 'false'],
    'auto'
  );
}

/** Only a merge reads its sources; a build ignores them, as it ignores nothing else it is given. */
function parseSources(mode: Mode, raw: string): SourceReference[] {
  const entries = splitList(raw);
  return mode === 'merge' ? entries.map(parseSource) : [];
}

type CheckInputs = Pick<
  Inputs,
  | 'platformCheck'
  | 'verify'
  | 'archAudit'
  | 'archAuditIgnore'
  | 'archAuditLimits'
  | 'archAuditCache'
  | 'smokeTest'
  | 'smokeTestTimeout'
  | 'registryRetryAfterMax'
  | 'smokeTestIsolation'
>;

/** The inputs of the checks: preflight, verification, the audit and the smoke run. */
function parseCheckInputs(read: InputReader): CheckInputs {
  return {
    platformCheck: parseChoice<PlatformCheck>('platform-check', read('platform-check'), platformChecks, 'error'),
    verify: parseBoolean('verify', read('verify'), true),
    archAudit: parseChoice<CheckLevel>('arch-audit', read('arch-audit'), ['error', 'warn', 'off'], 'error'),
    archAuditIgnore: splitList(read('arch-audit-ignore')),
    archAuditLimits: parseAuditLimits(read('arch-audit-limits')),
    archAuditCache: parseChoice<'auto' | 'false'>(
      'arch-audit-cache',
      read('arch-audit-cache'),
      ['auto', 'false'],
      'auto'
    ),
    smokeTest: read('smoke-test').trim(),
    smokeTestTimeout: parseInteger('smoke-test-timeout', read('smoke-test-timeout'), {
      fallback: 60,
      min: 1,
      max: 3600
    }),
    registryRetryAfterMax: parseInteger('registry-retry-after-max', read('registry-retry-after-max'), {
      fallback: DEFAULT_RETRY_AFTER_MAX_SECONDS,
      min: 0,
      max: 3600
    }),
    smokeTestIsolation: parseSmokeFlags(read('smoke-test-flags'))
  };
}

/** The raw text the rules across inputs show where the parsed form no longer spells it the same. */
function rawInputsOf(read: InputReader): RawInputs {
  const text = (name: string): string => read(name).trim();
  return {
    platforms: text('platforms') || DEFAULT_PLATFORMS,
    image: read('image'),
    flavor: read('flavor'),
    builderConfig: Object.fromEntries(
      builderConfigInputs.map((name) => [name, text(name)])
    ) as RawInputs['builderConfig']
  };
}

/** Reads and validates every input; throws InputError on the first bad one. Pure apart from `read`. */
export function parseInputs(read: InputReader, env: NodeJS.ProcessEnv = {}): Inputs {
  refuseEmptyInputs(read);
  const text = (name: string): string => read(name).trim();
  const mode = parseChoice<Mode>('mode', read('mode'), ['build', 'merge'], 'build');
  const context = text('context') || '.';
  const builderInputs = parseBuilderInputs(read);
  const platforms = parsePlatformList(text('platforms') || DEFAULT_PLATFORMS);
  const load = parseBoolean('load', read('load'), false);
  const push = parsePush(text('push'));
  const username = text('username');
  const password = read('password');
  const network = parseNetwork(text('network'));
  const registry = parseRegistry(text('registry'));
  const qemuRaw = text('qemu').toLowerCase();
  const qemu = parseChoice<'auto' | 'false'>('qemu', qemuRaw === 'true' ? 'auto' : qemuRaw, ['auto', 'false'], 'auto');
  const inputs: Inputs = {
    mode,
    context,
    file: text('file'),
    platforms,
    ...parseTagInputs(read),
    ...parseMetadataInputs(read, env),
    push,
    pushByDigest: parseBoolean('push-by-digest', read('push-by-digest'), false),
    load,
    buildArgs: parseKeyValueLines('build-args', read('build-args')),
    labels: parseKeyValueLines('labels', read('labels')),
    annotations: parseKeyValueLines('annotations', read('annotations'), annotationKeyPattern),
    secrets: parseKeyValueLines('secrets', read('secrets')),
    target: text('target'),
    network,
    cacheFrom: parseCacheEntries('cache-from', read('cache-from'), true),
    cacheTo: parseCacheEntries('cache-to', read('cache-to'), false),
    cache: parseChoice<CacheMode>('cache', read('cache'), cacheModes, 'auto'),
    provenance: text('provenance'),
    noCache: parseBoolean('no-cache', read('no-cache'), false),
    pull: parseBoolean('pull', read('pull'), false),
    registry,
    username,
    password,
    ecr: parseChoice<EcrMode>('ecr', read('ecr').toLowerCase(), ecrModes, 'auto'),
    registryAuth: parseRegistryAuth(read('registry-auth')),
    loginScope: parseLoginScope(read('login-scope')),
    qemu,
    qemuImage: parseQemuImage(text('qemu-image')),
    ...builderInputs,
    cleanup: parseBoolean('cleanup', read('cleanup'), true),
    buildxVersion: parseBuildxVersion(read('buildx-version')),
    buildxDownloadUrl: parseDownloadUrl('buildx-download-url', read('buildx-download-url')),
    ...parseCheckInputs(read),
    sources: parseSources(mode, read('sources')),
    ...parseBuildInputs(read)
  };
  checkInputRules(inputs, rawInputsOf(read));
  return inputs;
}

/** `push: auto` publishes except on pull requests, where the build is verified but nothing is pushed. */
export function shouldPush(push: PushMode, event: Pick<GitEvent, 'eventName' | 'ref'>): boolean {
  if (push === 'auto') return !isPullRequest(event);
  return push === 'true';
}

/** Remote contexts (git URLs, tarball URLs) are not on disk; buildx fetches them. */
export function isLocalContext(context: string): boolean {
  return !/^(?:[a-z]+:\/\/|git@|github\.com\/)/i.test(context) && context !== '-';
}

/** The Dockerfile path buildx will read, relative to the working directory. */
export function dockerfilePath(inputs: Pick<Inputs, 'context' | 'file'>): string {
  return inputs.file || path.join(inputs.context, 'Dockerfile');
}
