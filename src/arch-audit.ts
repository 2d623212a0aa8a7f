// Checks a pushed image's layers, per platform, for executables built for another architecture:
// streamed straight from the registry into the ELF audit, nothing pulled or unpacked on disk.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditLayers, describeMismatch, expectedMachine, type AuditResult } from './elf-audit.js';
import { formatPlatform, parsePlatform, type Platform } from './platforms.js';
import { credentialsFor, RegistryClient, type FetchedManifest } from './registry-client.js';
import { isIndex, manifestPlatform, normalisedPlatform, splitReference } from './registry.js';

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
  /** Per platform; defaults 50000 files and 2 GiB. */
  maxFiles?: number;
  maxBytes?: number;
  /** Per platform (platforms are audited side by side); default 120 s. */
  timeoutMs?: number;
}

const DEFAULT_MAX_FILES = 50_000;
const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
const DEFAULT_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;

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
    if (platform.os === 'unknown' || entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
    const key = normalisedPlatform(platform);
    if (!entries.has(key)) entries.set(key, entry);
  }
  return entries;
}

// Layers that live outside the registry (Windows base layers) cannot be fetched from it.
const isForeignLayer = (layer: Descriptor): boolean => /foreign|nondistributable/.test(layer.mediaType ?? '');

async function auditManifest(
  client: RegistryClient,
  repository: string,
  platform: Platform,
  manifest: FetchedManifest,
  options: ArchAuditOptions
): Promise<PlatformAudit> {
  const name = formatPlatform(platform);
  const layers: unknown = manifest.json?.layers;
  if (!Array.isArray(layers)) {
    return { platform: name, status: 'skipped', message: `${name}: manifest ${manifest.digest} (${manifest.mediaType || 'no media type'}) is not an image manifest, so it was not audited` };
  }
  async function* layerStreams(): AsyncGenerator<NodeJS.ReadableStream> {
    // One blob open at a time, fetched only when the audit gets to it.
    for (const layer of layers as Descriptor[]) {
      if (!isForeignLayer(layer)) yield await client.getBlob(repository, layer.digest);
    }
  }
  const result = await auditLayers(platform, layerStreams(), options.ignore, {
    maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    deadline: Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  });
  return { platform: name, status: result.mismatches.length > 0 ? 'fail' : 'pass', result, message: describeMismatch(result) };
}

/** Where finished audits are kept, by content: the tool cache outlives jobs on self-hosted runners. */
export function auditCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env['RUNNER_TOOL_CACHE'] || os.tmpdir(), 'multiarch-build-push', 'arch-audit');
}

/**
 * A manifest digest names its layers' bytes exactly, so an audit of the same digest with the same
 * ignore globs and limits always gives the same answer: a rebuilt-from-cache image is not read again.
 * Audits cut short by a limit are not kept.
 */
async function auditCached(manifestDigest: string, platform: Platform, options: ArchAuditOptions, audit: () => Promise<PlatformAudit>): Promise<PlatformAudit> {
  const key = createHash('sha256')
    .update(JSON.stringify([manifestDigest, formatPlatform(platform), options.ignore, options.maxFiles ?? DEFAULT_MAX_FILES, options.maxBytes ?? DEFAULT_MAX_BYTES]))
    .digest('hex');
  const file = path.join(auditCacheDir(), `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PlatformAudit;
  } catch {
    // not audited yet
  }
  const result = await audit();
  if (result.status !== 'skipped' && result.result && !result.result.truncated) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      // Written whole then renamed, so a parallel job never reads half a file.
      writeFileSync(`${file}.${process.pid}`, JSON.stringify(result));
      renameSync(`${file}.${process.pid}`, file);
    } catch {
      // A cache that cannot be written only costs the next run a re-read.
    }
  }
  return result;
}

/**
 * Audits each platform of a pushed image (repo@digest or repo:tag) for executables of another
 * architecture. A platform the image lacks fails; one that cannot be checked (not Linux, or its
 * layers could not be read) is skipped with the reason. Throws when the image itself cannot be read.
 */
export async function auditPushedImage(reference: string, platforms: Platform[], options: ArchAuditOptions): Promise<PlatformAudit[]> {
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

  return Promise.all(
    platforms.map(async (platform): Promise<PlatformAudit> => {
      const wanted = parsePlatformOr(platform);
      const name = formatPlatform(wanted);
      if (!expectedMachine(wanted)) {
        return { platform: name, status: 'skipped', message: `${name}: no ELF architecture to check for this platform` };
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
          return { platform: name, status: 'fail', message: `${reference} lists ${found.digest} for ${name}, but the registry does not have that manifest` };
        }
        return await auditCached(manifest.digest, wanted, options, () => auditManifest(client, target.repository, wanted, manifest, options));
      } catch (error) {
        return { platform: name, status: 'skipped', message: `${name}: could not audit ${reference}: ${error instanceof Error ? error.message : String(error)}` };
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
