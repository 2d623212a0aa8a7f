// The per-platform images a merge joins: as given, and as the registry serves them.
import type { Descriptor } from './oci.js';

/** A source as given: where it lives and, when pinned, its digest. */
export interface SourceReference {
  reference: string;
  repository: string;
  digest?: string;
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
