// Checks a pushed image's layers, per platform, for executables built for another architecture:
// streamed straight from the registry into the ELF audit, nothing pulled or unpacked on disk.
import { auditLayers, describeMismatch, expectedMachine, type AuditResult } from './elf-audit.js';
import { formatPlatform, parsePlatform, type Platform } from './platforms.js';
import { parseImageReference } from './references.js';
import { credentialsFor, mediaTypes, RegistryClient, type FetchedManifest } from './registry-client.js';

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
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

const indexTypes = new Set<string>([mediaTypes.ociIndex, mediaTypes.dockerManifestList]);

function isIndex(manifest: FetchedManifest): boolean {
  return indexTypes.has(manifest.mediaType) || (manifest.mediaType === '' && Array.isArray(manifest.json?.manifests));
}

/** registry, repository and the tag or digest to fetch from repo@sha256:…, repo:tag or repo (latest). */
function splitReference(reference: string): { registry: string; repository: string; reference: string } {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1).trim() : undefined;
  if (digest !== undefined && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]+$/.test(digest)) {
    throw new Error(`'${digest}' in ${reference} is not a digest`);
  }
  const parsed = parseImageReference(at >= 0 ? reference.slice(0, at) : reference, 'image');
  return { registry: parsed.registry, repository: parsed.repository, reference: digest ?? parsed.tag ?? 'latest' };
}

/** One spelling per platform (arm is arm/v7, arm64/v8 is arm64); unknown ones are kept as written. */
function normalised(platform: { os?: string; architecture?: string; variant?: string }): string {
  const written = formatPlatform({ os: platform.os ?? '', architecture: platform.architecture ?? '', ...(platform.variant ? { variant: platform.variant } : {}) });
  try {
    return formatPlatform(parsePlatform(written));
  } catch {
    return written;
  }
}

/** Image entries of an index by platform, without attestations; the first entry wins on duplicates. */
function imageEntries(index: FetchedManifest): Map<string, Descriptor> {
  const entries = new Map<string, Descriptor>();
  const manifests: unknown = index.json?.manifests;
  for (const entry of Array.isArray(manifests) ? (manifests as Descriptor[]) : []) {
    const platform = entry?.platform;
    if (!platform?.os || !platform.architecture || typeof entry.digest !== 'string') continue;
    if (platform.os === 'unknown' || entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
    const key = normalised(platform);
    if (!entries.has(key)) entries.set(key, entry);
  }
  return entries;
}

async function readSmallBlob(client: RegistryClient, repository: string, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = await client.getBlob(repository, digest);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > MAX_CONFIG_BYTES) {
      (stream as unknown as { destroy(): void }).destroy();
      throw new Error(`image config ${digest} is larger than ${MAX_CONFIG_BYTES} bytes`);
    }
  }
  return Buffer.concat(chunks);
}

/** The platform a single image manifest is for, from its config. */
async function manifestPlatform(client: RegistryClient, repository: string, manifest: FetchedManifest): Promise<string> {
  const digest: unknown = manifest.json?.config?.digest;
  if (typeof digest !== 'string') throw new Error(`manifest ${manifest.digest} has no config`);
  const config = JSON.parse((await readSmallBlob(client, repository, digest)).toString('utf8')) as { os?: string; architecture?: string; variant?: string };
  return normalised(config);
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
        return await auditManifest(client, target.repository, wanted, manifest, options);
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
