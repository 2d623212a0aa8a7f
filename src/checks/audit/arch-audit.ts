// Checks an image's layers, per platform, for executables built for another architecture: the base
// image's layers skipped, each other distinct layer streamed once into a scan (from the OCI layout
// buildx exported, or from the registry for a merge), or read from the scan cache; nothing is
// unpacked on disk, and the scans are composed per platform.
import { errorMessage } from '../../model/errors.js';
import * as core from '../../seams/runner.js';
import { formatPlatform, normalisePlatform, type Platform } from '../../model/platforms.js';
import { splitReference, type RegistryReader } from '../../registry/oci-reads.js';
import { BaseImage } from './base-layers.js';
import { describeMismatch } from './describe.js';
import { expectedMachine } from './elf.js';
import { composeAudit } from './filesystem.js';
import { entryManifest, layerDigests, platformEntries, type PlatformEntry } from './image-manifests.js';
import { LayerScanner, platformScans } from './layer-scanner.js';
import { PATH_LIMIT, type AuditLimits } from './layer-scan.js';
import { PlatformBudget } from './scan-budget.js';
import { openScanCache } from './scan-cache.js';
import { AuditScanCache, restoreSharedScans, type SharedScans, type SharingOptions } from './audit-scans.js';
import { type AuditResult, defaultAuditBounds } from '../../model/checks.js';
import type { PlatformAudit } from '../../model/checks.js';

export interface ArchAuditOptions {
  /** Globs of paths whose foreign executables are expected. */
  ignore: string[];
  /** Per platform, counted over its layers in order; defaults 50000 tar entries and 2 GiB decompressed. */
  maxFiles?: number;
  maxBytes?: number;
  /** For the whole audit (layers are shared by platforms and read side by side); default 120 s. */
  timeoutMs?: number;
  /** The final stage's base image (its FROM, resolved): its layers are not scanned. */
  baseImage?: string;
  /** The registry reader per registry: the job's registry session, with its logins and tokens. */
  registryFor: (registry: string) => RegistryReader;
  /** Where the image itself is read when not from its registry: the OCI layout buildx exported. */
  imageReader?: RegistryReader;
  /** Ends the audit as the time bound does (tests inject it); by default it fires after timeoutMs. */
  signal?: AbortSignal;
  /** arch-audit-cache: share layer scans with later runs on any runner, through the GitHub Actions cache. */
  shareScans?: boolean;
  /** Where shared scans travel and the build they are bound to; by default the GitHub Actions cache and this bundle (tests inject them). */
  sharing?: Pick<SharingOptions, 'store' | 'code'>;
  /** The shared scans' restore when it started before the audit (startScansRestore, while the build ran). */
  restoring?: Promise<SharedScans | undefined>;
}

const { maxFiles: DEFAULT_MAX_FILES, maxBytes: DEFAULT_MAX_BYTES, timeoutMs: DEFAULT_TIMEOUT_MS } = defaultAuditBounds;
// Layers read from the registry at once, across all platforms.
const LAYER_CONCURRENCY = 4;

const boundAdvice =
  'Raise the bound with arch-audit-limits (for example files=200000,size=8GiB,time=300s), ' +
  'or set arch-audit: warn to publish with a warning.';

const pathAdvice =
  'No layer that Linux can unpack has such a name: the layer is damaged or was made to exhaust the audit. ' +
  'Set arch-audit: warn to publish with a warning.';

const unreadableCauses =
  'a registry or storage host that does not serve the blob whole, a compression this Node.js cannot read, or a damaged archive';

// A platform's audit, finished already or waiting for its layers' scans.
type Planned = PlatformAudit | { platform: Platform; name: string; scan: string[]; skipped: number };

interface AuditContext {
  reference: string;
  reader: RegistryReader;
  repository: string;
  available: Map<string, PlatformEntry>;
  base?: BaseImage;
}

function foreignBase(name: string, base: string, basePlatform: string, layers: number): PlatformAudit {
  return {
    platform: name,
    status: 'fail',
    message:
      `${name} image is built on the ${basePlatform} image of its base ${base}: its first ${layers} layers are that platform's, not ${name}'s. ` +
      'This happens with a final stage FROM --platform=$BUILDPLATFORM, or a base pinned to one platform ' +
      '(FROM --platform=linux/amd64, or a single-platform digest); use the base for the target platform.'
  };
}

/** A platform's layers to scan, or its finished audit when there is nothing to scan. */
async function planPlatform(context: AuditContext, platform: Platform): Promise<Planned> {
  const wanted = normalisePlatform(platform);
  const name = formatPlatform(wanted);
  if (!expectedMachine(wanted))
    return { platform: name, status: 'skipped', message: `${name}: no ELF architecture to check for this platform` };
  const found = context.available.get(name);
  if (!found) {
    const has = [...context.available.keys()].join(', ') || 'no image manifests';
    return {
      platform: name,
      status: 'fail',
      message: `no manifest for ${name} in ${context.reference} (it has ${has})\nHint: the image was not built for that platform`
    };
  }
  const manifest = await entryManifest(context.reader, context.repository, found);
  if (!manifest) {
    const digest = 'digest' in found ? found.digest : '';
    const text = `${context.reference} lists ${digest} for ${name}, but the registry does not have that manifest`;
    return { platform: name, status: 'fail', message: text };
  }
  const layers = layerDigests(manifest);
  if (!layers) {
    const kind = manifest.mediaType || 'no media type';
    const text = `${name}: manifest ${manifest.digest} (${kind}) is not an image manifest, so it was not audited`;
    return { platform: name, status: 'skipped', message: text };
  }
  const match = context.base ? await matchBaseOrNone(context.base, wanted, name, layers) : { kind: 'none' as const };
  if (match.kind === 'foreign')
    return foreignBase(name, context.base?.reference ?? '', match.basePlatform, match.layers);
  const skipped = match.kind === 'own' ? match.layers : 0;
  return { platform: wanted, name, scan: layers.slice(skipped), skipped };
}

async function matchBaseOrNone(base: BaseImage, platform: Platform, name: string, layers: string[]) {
  try {
    return await base.match(platform, name, layers);
  } catch (error) {
    core.info(
      `Architecture audit: could not read the base image ${base.reference}, so its layers are scanned: ${errorMessage(error)}`
    );
    return { kind: 'none' as const };
  }
}

function incomplete(name: string, reason: string, result?: AuditResult): PlatformAudit {
  return {
    platform: name,
    status: 'incomplete',
    ...(result ? { result } : {}),
    message: `${name}: the audit is incomplete: ${reason}`
  };
}

/** A planned platform's audit from its layers' scans. */
async function finish(
  plan: Planned,
  scanner: LayerScanner,
  ignore: string[],
  limits: AuditLimits
): Promise<PlatformAudit> {
  if (!('scan' in plan)) return plan;
  const layers = { scanned: plan.scan.length, skipped: plan.skipped };
  let result: AuditResult;
  try {
    result = composeAudit(plan.platform, await platformScans(scanner, plan.scan, limits), ignore, limits);
  } catch (error) {
    const reason = `${errorMessage(error).replace(/[.?!]$/, '')} (${unreadableCauses})`;
    return { ...incomplete(plan.name, reason), layers };
  }
  if (result.mismatches.length > 0)
    return { platform: plan.name, status: 'fail', result, message: describeMismatch(result), layers };
  if (result.truncated) {
    // No layer that can be unpacked has such a path: raising the bounds would not help.
    const advice = result.truncated === PATH_LIMIT ? pathAdvice : boundAdvice;
    const read = `${result.truncated} after ${result.scannedEntries} entries and ${result.scannedBytes} bytes, with no foreign executable among them. ${advice}`;
    return { ...incomplete(plan.name, read, result), layers };
  }
  return { platform: plan.name, status: 'pass', result, message: describeMismatch(result), layers };
}

/**
 * Audits each platform of a pushed image (repo@digest or repo:tag) for executables of another
 * architecture. A platform the image lacks fails; one whose scan a bound cut short, or whose layers
 * could not be read, is incomplete; one that cannot be checked (not Linux) is skipped. Throws when
 * the image itself cannot be read.
 */
export async function auditPushedImage(
  reference: string,
  platforms: Platform[],
  options: ArchAuditOptions
): Promise<PlatformAudit[]> {
  const target = splitReference(reference);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const readerFor = options.registryFor;
  const reader = options.imageReader ?? readerFor(target.registry);
  const top = await reader.getManifest(target.repository, target.reference);
  if (!top) throw new Error(`${reference} was not found in registry ${target.registry}`);
  const base = options.baseImage ? baseImageOf(options.baseImage, readerFor) : undefined;
  const context: AuditContext = {
    reference,
    reader,
    repository: target.repository,
    available: await platformEntries(reader, target.repository, top),
    ...(base ? { base } : {})
  };
  const planned = await Promise.all(
    platforms.map((platform) =>
      planPlatform(context, platform).catch((error: unknown) =>
        incomplete(formatPlatform(platform), errorMessage(error))
      )
    )
  );
  const limits: AuditLimits = {
    maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    signal: options.signal ?? AbortSignal.timeout(timeoutMs)
  };
  const local = openScanCache(process.env, (why) => core.info(`Architecture audit: no scan cache (${why})`));
  const cache = new AuditScanCache(local);
  const shared = await sharedScans(planned, cache, options);
  const scanner = new LayerScanner(
    { reader, repository: target.repository },
    { limits, concurrency: LAYER_CONCURRENCY, budgets: platformBudgets(planned, limits), cache }
  );
  // Requested up front, in platform then layer order, so shared layers are read once and early.
  for (const plan of planned) if ('scan' in plan) for (const digest of plan.scan) void scanner.scan(digest);
  const audits = await Promise.all(planned.map((plan) => finish(plan, scanner, options.ignore, limits)));
  if (shared !== 'not needed') await shared?.save(cache);
  logFigures(audits, scanner, cache, shared);
  return audits;
}

/**
 * The shared scans, restored only when this runner's scan cache lacks a layer the audit reads: one
 * request to the cache service (which may wait up to its time bound) spared on a runner that kept them.
 * A restore started before the audit is used as it is.
 */
async function sharedScans(
  planned: readonly Planned[],
  cache: AuditScanCache,
  { shareScans, sharing, restoring }: Pick<ArchAuditOptions, 'shareScans' | 'sharing' | 'restoring'>
): Promise<SharedScans | 'not needed' | undefined> {
  if (!shareScans) return undefined;
  const wanted = planned.flatMap((plan) => ('scan' in plan ? plan.scan : []));
  if (!restoring && cache.missing(wanted).length === 0) return 'not needed';
  const shared = await (restoring ??
    restoreSharedScans({
      share: true,
      info: core.info,
      warning: core.warning,
      ...sharing
    }));
  if (shared) cache.useShared(shared.scans);
  return shared;
}

/** The audit's one line: what it read, and where the scans it did not read came from. */
function logFigures(
  audits: PlatformAudit[],
  scanner: LayerScanner,
  cache: AuditScanCache,
  shared?: SharedScans | 'not needed'
): void {
  const skipped = audits.reduce((sum, audit) => sum + (audit.layers?.skipped ?? 0), 0);
  const { read, cached, bytes, entries, skipped: unopened } = scanner.figures;
  const fromShared =
    shared === 'not needed'
      ? ", 0 from the shared cache (not restored: this runner's scan cache had every layer)"
      : shared
        ? `, ${cache.sharedHits} from the shared cache (${shared.describe()})`
        : '';
  core.info(
    `Architecture audit: ${read} layer(s) read (${entries} entries, ${bytes} bytes decompressed), ` +
      `${cached - cache.sharedHits} from the scan cache${fromShared}, ` +
      `${skipped} base image layer(s) skipped${unopened > 0 ? `, ${unopened} not opened (their platforms' bounds were spent)` : ''}`
  );
}

/** One budget per platform, and for each layer the budgets of the platforms that have it. */
function platformBudgets(planned: readonly Planned[], limits: AuditLimits): Map<string, PlatformBudget[]> {
  const byLayer = new Map<string, PlatformBudget[]>();
  for (const plan of planned) {
    if (!('scan' in plan)) continue;
    const budget = new PlatformBudget(limits);
    for (const digest of new Set(plan.scan)) byLayer.set(digest, [...(byLayer.get(digest) ?? []), budget]);
  }
  return byLayer;
}

function baseImageOf(reference: string, readerFor: (registry: string) => RegistryReader): BaseImage | undefined {
  try {
    return new BaseImage(reference, readerFor(splitReference(reference).registry));
  } catch (error) {
    core.info(`Architecture audit: the base image ${reference} is not a reference it can read: ${errorMessage(error)}`);
    return undefined;
  }
}

/** What the step makes of the audits under arch-audit: error fails, warn warns, for failed and incomplete alike. */
export function auditVerdicts(
  audits: readonly PlatformAudit[],
  level: 'error' | 'warn'
): { failures: string[]; warnings: string[]; notes: string[] } {
  const verdicts = { failures: [] as string[], warnings: [] as string[], notes: [] as string[] };
  for (const audit of audits) {
    const counts = audit.result
      ? ` (${audit.result.elfFiles} ELF files in ${audit.result.scannedEntries} entries)`
      : '';
    const layers = audit.layers
      ? `; ${audit.layers.scanned} layer(s) scanned, ${audit.layers.skipped} base layer(s) skipped`
      : '';
    if (audit.status === 'fail' || audit.status === 'incomplete') {
      const text = audit.status === 'fail' ? audit.message : `incomplete: ${audit.message}`;
      (level === 'error' ? verdicts.failures : verdicts.warnings).push(text);
    } else verdicts.notes.push(`Architecture audit ${audit.platform}: ${audit.status}${counts}${layers}`);
  }
  return verdicts;
}
