// The base image's part of each platform's layers: skipped when it is that platform's base, a
// failure on its own when it is another platform's (FROM --platform=$BUILDPLATFORM, or a pinned base).
import { elfTarget, parsePlatform, type Platform } from '../../model/platforms.js';
import { splitReference, type RegistryReader } from '../../registry/oci-reads.js';
import { entryManifest, layerDigests, platformEntries, type PlatformEntry } from './image-manifests.js';

export type BaseMatch =
  /** The image's first `layers` layers are its base's for this platform: nothing to audit there. */
  | { kind: 'own'; layers: number }
  /** They are the base's layers for another architecture. */
  | { kind: 'foreign'; basePlatform: string; layers: number }
  | { kind: 'none' };

const startsWith = (layers: readonly string[], prefix: readonly string[] | undefined): boolean =>
  prefix !== undefined &&
  prefix.length > 0 &&
  prefix.length <= layers.length &&
  prefix.every((d, i) => layers[i] === d);

function sameMachine(a: string, b: Platform): boolean {
  try {
    const target = elfTarget(parsePlatform(a));
    const wanted = elfTarget(b);
    return target !== undefined && JSON.stringify(target) === JSON.stringify(wanted);
  } catch {
    return false;
  }
}

/**
 * Pure: how an image's layers for `platform` start, given the base's layers per base platform.
 * A base platform with the same ELF machine (arm/v6 under arm/v7, amd64 under amd64/v3) counts as its own.
 */
export function matchBase(
  platform: Platform,
  platformName: string,
  imageLayers: readonly string[],
  baseLayers: ReadonlyMap<string, readonly string[]>
): BaseMatch {
  let best: BaseMatch = { kind: 'none' };
  const candidates = [...baseLayers].sort(([a], [b]) => Number(b === platformName) - Number(a === platformName));
  for (const [basePlatform, layers] of candidates) {
    if (!startsWith(imageLayers, layers)) continue;
    const own = basePlatform === platformName || sameMachine(basePlatform, platform);
    if (own) return { kind: 'own', layers: layers.length };
    if (best.kind === 'none' || layers.length > best.layers)
      best = { kind: 'foreign', basePlatform, layers: layers.length };
  }
  return best;
}

/** The base image's layers per platform, read lazily and once. */
export class BaseImage {
  private entries?: Promise<Map<string, PlatformEntry> | undefined>;
  private readonly layers = new Map<string, Promise<readonly string[] | undefined>>();
  private readonly target;

  constructor(
    readonly reference: string,
    private readonly reader: RegistryReader
  ) {
    this.target = splitReference(reference);
  }

  /** How an image's layers for a platform start on this base; its other platforms are read only when needed. */
  async match(platform: Platform, name: string, imageLayers: readonly string[]): Promise<BaseMatch> {
    const entries = await this.platforms();
    if (!entries) return { kind: 'none' };
    const own = await this.platformLayers(name, entries);
    const ownMatch = matchBase(platform, name, imageLayers, new Map(own ? [[name, own]] : []));
    if (ownMatch.kind !== 'none') return ownMatch;
    const all = new Map<string, readonly string[]>();
    await Promise.all(
      [...entries.keys()].map(async (other) => {
        const layers = await this.platformLayers(other, entries);
        if (layers) all.set(other, layers);
      })
    );
    return matchBase(platform, name, imageLayers, all);
  }

  /** Every layer of every platform of the base: none for a base the registry does not have. */
  async allLayers(): Promise<Set<string>> {
    const entries = await this.platforms();
    if (!entries) return new Set();
    const layers = await Promise.all([...entries.keys()].map((name) => this.platformLayers(name, entries)));
    return new Set(layers.flatMap((list) => list ?? []));
  }

  private platforms(): Promise<Map<string, PlatformEntry> | undefined> {
    this.entries ??= (async () => {
      const top = await this.reader.getManifest(this.target.repository, this.target.reference);
      return top ? platformEntries(this.reader, this.target.repository, top) : undefined;
    })();
    return this.entries;
  }

  private platformLayers(name: string, entries: Map<string, PlatformEntry>): Promise<readonly string[] | undefined> {
    let pending = this.layers.get(name);
    const entry = entries.get(name);
    if (!pending && entry) {
      pending = entryManifest(this.reader, this.target.repository, entry).then((manifest) =>
        manifest ? layerDigests(manifest) : undefined
      );
      this.layers.set(name, pending);
    }
    return pending ?? Promise.resolve(undefined);
  }
}
