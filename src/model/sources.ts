// The per-platform images a merge joins: as given, and as the registry serves them.
import type { Descriptor } from './oci.js';
import type { ImageReference, RemoteTarget } from './references.js';

/** A source as given: where it lives and, when pinned, its digest. */
export interface SourceReference {
  /** As written, for messages and the summary. */
  reference: string;
  /** registry/repository, as Docker prints it. */
  repository: string;
  /** Parsed once (planning/parse-source.ts): its registry, repository and tag. */
  image: ImageReference;
  digest?: string;
}

/** Where a source is read: by its digest when pinned, else by its tag. */
export function sourceTarget(source: SourceReference, digest = source.digest): RemoteTarget {
  const { registry, repository, tag } = source.image;
  return { registry, repository, reference: digest ?? tag ?? 'latest' };
}

/** A source as the registry serves it. */
export interface InspectedSource extends SourceReference {
  digest: string;
  /** Normalised platforms, attestations left out. */
  platforms: string[];
  /** What it adds to the merged index: an index's entries (attestations too), or its one image manifest. */
  entries: Descriptor[];
  /** The index's own annotations; undefined for a single manifest, which has no say in them. */
  annotations: Record<string, string> | undefined;
}
