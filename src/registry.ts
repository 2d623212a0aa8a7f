import { CommandError, run } from './exec.js';
import { formatPlatform, type Platform } from './platforms.js';
import { withRetry } from './retry.js';

export interface ManifestDescriptor {
  digest: string;
  mediaType?: string;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export interface RemoteIndex {
  digest: string;
  mediaType: string;
  manifests: ManifestDescriptor[];
  annotations: Record<string, string>;
}

interface InspectedManifest {
  digest: string;
  mediaType: string;
  annotations?: Record<string, string>;
  manifests?: ManifestDescriptor[];
}

/** Platforms an index holds, leaving out attestation entries (unknown/unknown). */
export function indexPlatforms(index: Pick<RemoteIndex, 'manifests'>): string[] {
  return index.manifests
    .filter((entry) => entry.platform && entry.platform.os !== 'unknown' && entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest')
    .map((entry) => formatPlatform(entry.platform as Platform));
}

const notFound = /not found|manifest unknown|name unknown/i;

/**
 * Reads a reference's manifest (list) straight from the registry with the job's credentials;
 * undefined when the registry says it does not exist.
 */
export async function inspectRemote(reference: string): Promise<RemoteIndex | undefined> {
  let output: string;
  try {
    output = (await withRetry(`Reading ${reference}`, () => run('docker', ['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Manifest}}']))).stdout;
  } catch (error) {
    if (error instanceof CommandError && notFound.test(error.result.stderr)) return undefined;
    throw error;
  }
  const manifest = JSON.parse(output) as InspectedManifest;
  return { digest: manifest.digest, mediaType: manifest.mediaType, manifests: manifest.manifests ?? [], annotations: manifest.annotations ?? {} };
}

type ImageConfigs = Record<string, { config?: { Labels?: Record<string, string> } }> | { config?: { Labels?: Record<string, string> } };

/** The labels of an image (of its first platform, for an index): what the registry says it carries. */
export async function inspectLabels(reference: string): Promise<Record<string, string>> {
  const { stdout } = await withRetry(`Reading ${reference}`, () => run('docker', ['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Image}}']));
  const parsed = JSON.parse(stdout) as ImageConfigs;
  const single = parsed as { config?: { Labels?: Record<string, string> } };
  if (single.config) return single.config.Labels ?? {};
  const first = Object.values(parsed as Record<string, { config?: { Labels?: Record<string, string> } }>)[0];
  return first?.config?.Labels ?? {};
}

interface ImageConfig {
  os?: string;
  architecture?: string;
  variant?: string;
}

/**
 * The platforms a reference provides: the entries of an index, or the platform of a single
 * image's config (one more read, only for images that are not multi-arch).
 */
export async function remotePlatforms(reference: string): Promise<string[] | undefined> {
  const remote = await inspectRemote(reference);
  if (!remote) return undefined;
  if (remote.manifests.length > 0) return indexPlatforms(remote);
  const { stdout } = await withRetry(`Reading ${reference}`, () => run('docker', ['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Image}}']));
  const config = JSON.parse(stdout) as ImageConfig;
  return config.os && config.architecture ? [[config.os, config.architecture, config.variant].filter(Boolean).join('/')] : [];
}
