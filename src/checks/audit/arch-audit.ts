// Checks a pushed image's layers, per platform, for executables built for another architecture:
// each distinct layer streamed once from the registry into a scan (or read from the scan cache),
// nothing pulled or unpacked on disk, then the scans composed per platform.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  composeAudit,
  describeMismatch,
  expectedMachine,
  isLayerScan,
  LAYER_SCAN_FORMAT,
  scanLayer,
  type AuditLimits,
  type AuditResult,
  type LayerScan
} from './elf-audit.js';
import { formatPlatform, parsePlatform, type Platform } from '../../planning/platforms.js';
import { credentialsFor, RegistryClient, type FetchedManifest } from '../../registry/client.js';
import { isIndex, manifestPlatform, normalisedPlatform, splitReference } from '../../registry/oci.js';

export interface PlatformAudit {
  platform: string;
  /** skipped: nothing to check (not Linux), or the layers could not be read; the message says which. */
  status: 'pass' | 'fail' | 'skipped';
  result?: AuditResult;
  message: string;
}

export interface ArchAuditOptions {
  /** The job's DOCKER_CONFIG directory, whose login is used to read the image. */
  dockerConfigDir: string;
  /** Globs of paths whose foreign executables are expected. */
  ignore: string[];
  /** Per platform, counted over its layers in order; defaults 50000 files and 2 GiB. */
  maxFiles?: number;
  maxBytes?: number;
  /** For the whole audit (layers are shared by platforms and read side by side); default 120 s. */
  timeoutMs?: number;
}

const DEFAULT_MAX_FILES = 50_000;
const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const DEFAULT_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;
// Layers read from the registry at once, across all platforms.
const LAYER_CONCURRENCY = 4;

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

/** Image entries of an index by platform, without attestations; the first entry wins on duplicates. */
function imageEntries(index: FetchedManifest): Map<string, Descriptor> {
  const entries = new Map<string, Descriptor>();
  const manifests: unknown = index.json?.manifests;
  for (const entry of Array.isArray(manifests) ? (manifests as Descriptor[]) : []) {
    const platform = entry?.platform;
    if (!platform?.os || !platform.architecture || typeof entry.digest !== 'string') continue;
    if (platform.os === 'unknown' || entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
      continue;
    const key = normalisedPlatform(platform);
    if (!entries.has(key)) entries.set(key, entry);
  }
  return entries;
}

// Layers that live outside the registry (Windows base layers) cannot be fetched from it.
const isForeignLayer = (layer: Descriptor): boolean => /foreign|nondistributable/.test(layer.mediaType ?? '');

/** Where layer scans are kept, by content: the tool cache outlives jobs on self-hosted runners. */
export function auditCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env['RUNNER_TOOL_CACHE'] || os.tmpdir(), 'multiarch-build-push', 'arch-audit');
}

// A layer digest names its bytes exactly, so its scan never changes: only the format can.
function scanCacheFile(digest: string): string {
  const key = createHash('sha256')
    .update(JSON.stringify([digest, LAYER_SCAN_FORMAT]))
    .digest('hex');
  return path.join(auditCacheDir(), `${key}.json`);
}

function readCachedScan(digest: string): LayerScan | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(scanCacheFile(digest), 'utf8'));
    return isLayerScan(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function writeCachedScan(digest: string, scan: LayerScan): void {
  const file = scanCacheFile(digest);
  const temporary = `${file}.${process.pid}.${randomUUID()}`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written whole then renamed, so a parallel job never reads half a file.
    writeFileSync(temporary, JSON.stringify(scan));
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written only costs the next run a re-read.
    rmSync(temporary, { force: true });
  }
}

type ScanOutcome = { scan: LayerScan } | { error: unknown };

/** Scans each distinct layer once, a few at a time, from the cache when it can. */
class LayerScanner {
  private readonly outcomes = new Map<string, Promise<ScanOutcome>>();
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly client: RegistryClient,
    private readonly repository: string,
    private readonly limits: AuditLimits,
    private readonly concurrency: number
  ) {}

  /** Never rejects, so a layer no platform gets to waiting for cannot fail the process. */
  scan(digest: string): Promise<ScanOutcome> {
    let outcome = this.outcomes.get(digest);
    if (!outcome) {
      outcome = this.read(digest).then(
        (scan) => ({ scan }),
        (error: unknown) => ({ error })
      );
      this.outcomes.set(digest, outcome);
    }
    return outcome;
  }

  private async read(digest: string): Promise<LayerScan> {
    const cached = readCachedScan(digest);
    if (cached) return cached;
    await this.slot();
    try {
      // Past the deadline the scan would stop before its first entry: no need to open the blob.
      if (this.limits.deadline !== undefined && Date.now() > this.limits.deadline) {
        return { entries: [], scannedFiles: 0, scannedBytes: 0, truncated: 'time limit reached' };
      }
      const scan = await scanLayer(await this.client.getBlob(this.repository, digest), this.limits);
      // A truncated scan depends on the limits and the clock, so it says nothing about the next run.
      if (!scan.truncated) writeCachedScan(digest, scan);
      return scan;
    } finally {
      this.release();
    }
  }

  private async slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    // Handed over by release(), so no newcomer can slip in between.
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

/** The scans a platform's audit reads, in layer order: up to the first truncated one or past the limits. */
async function platformScans(scanner: LayerScanner, digests: string[], limits: AuditLimits): Promise<LayerScan[]> {
  // Waiting for all first means no scan is still running once the audit returns.
  const outcomes = await Promise.all(digests.map((digest) => scanner.scan(digest)));
  const scans: LayerScan[] = [];
  let files = 0;
  let bytes = 0;
  for (const [index, outcome] of outcomes.entries()) {
    if ('error' in outcome) {
      const { error } = outcome;
      throw new Error(
        `Layer ${index + 1} (${digests[index]}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error }
      );
    }
    scans.push(outcome.scan);
    files += outcome.scan.scannedFiles;
    bytes += outcome.scan.scannedBytes;
    // The limit is hit inside what was read: later layers, and their errors, would not be reached.
    if (outcome.scan.truncated || files > limits.maxFiles || bytes > limits.maxBytes) break;
  }
  return scans;
}

// A platform's audit, finished already or waiting for its layers' scans.
type Planned = PlatformAudit | { platform: Platform; name: string; layers: string[] };

/**
 * Audits each platform of a pushed image (repo@digest or repo:tag) for executables of another
 * architecture. A platform the image lacks fails; one that cannot be checked (not Linux, or its
 * layers could not be read) is skipped with the reason. Throws when the image itself cannot be read.
 */
export async function auditPushedImage(
  reference: string,
  platforms: Platform[],
  options: ArchAuditOptions
): Promise<PlatformAudit[]> {
  const target = splitReference(reference);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new RegistryClient(target.registry, credentialsFor(target.registry, options.dockerConfigDir), {
    timeoutMs: Math.min(REQUEST_TIMEOUT_MS, timeoutMs)
  });
  const top = await client.getManifest(target.repository, target.reference);
  if (!top) throw new Error(`${reference} was not found in registry ${target.registry}`);

  let available: Map<string, Descriptor | FetchedManifest>;
  if (isIndex(top)) {
    available = imageEntries(top);
  } else {
    available = new Map([[await manifestPlatform(client, target.repository, top), top]]);
  }
  const has = [...available.keys()].join(', ') || 'no image manifests';
  const couldNotAudit = (name: string, error: unknown): PlatformAudit => ({
    platform: name,
    status: 'skipped',
    message: `${name}: could not audit ${reference}: ${error instanceof Error ? error.message : String(error)}`
  });

  const planned = await Promise.all(
    platforms.map(async (platform): Promise<Planned> => {
      const wanted = parsePlatformOr(platform);
      const name = formatPlatform(wanted);
      if (!expectedMachine(wanted)) {
        return {
          platform: name,
          status: 'skipped',
          message: `${name}: no ELF architecture to check for this platform`
        };
      }
      const found = available.get(name);
      if (!found) {
        return {
          platform: name,
          status: 'fail',
          message: `no manifest for ${name} in ${reference} (it has ${has})\nHint: the image was not built for that platform`
        };
      }
      try {
        const manifest = 'json' in found ? found : await client.getManifest(target.repository, found.digest);
        if (!manifest) {
          return {
            platform: name,
            status: 'fail',
            message: `${reference} lists ${found.digest} for ${name}, but the registry does not have that manifest`
          };
        }
        const layers: unknown = manifest.json?.layers;
        if (!Array.isArray(layers)) {
          return {
            platform: name,
            status: 'skipped',
            message: `${name}: manifest ${manifest.digest} (${manifest.mediaType || 'no media type'}) is not an image manifest, so it was not audited`
          };
        }
        return {
          platform: wanted,
          name,
          layers: (layers as Descriptor[]).filter((layer) => !isForeignLayer(layer)).map((layer) => layer.digest)
        };
      } catch (error) {
        return couldNotAudit(name, error);
      }
    })
  );

  const limits: AuditLimits = {
    maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    deadline: Date.now() + timeoutMs
  };
  const scanner = new LayerScanner(client, target.repository, limits, LAYER_CONCURRENCY);
  // Requested up front, in platform then layer order, so shared layers are read once and early.
  for (const plan of planned) if ('layers' in plan) for (const digest of plan.layers) void scanner.scan(digest);

  return Promise.all(
    planned.map(async (plan): Promise<PlatformAudit> => {
      if (!('layers' in plan)) return plan;
      try {
        const result = composeAudit(
          plan.platform,
          await platformScans(scanner, plan.layers, limits),
          options.ignore,
          limits
        );
        return {
          platform: plan.name,
          status: result.mismatches.length > 0 ? 'fail' : 'pass',
          result,
          message: describeMismatch(result)
        };
      } catch (error) {
        return couldNotAudit(plan.name, error);
      }
    })
  );
}

function parsePlatformOr(platform: Platform): Platform {
  try {
    return parsePlatform(formatPlatform(platform));
  } catch {
    return platform;
  }
}
