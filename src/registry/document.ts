// OCI content as the registry serves it: one set of descriptor and document types, digests
// checked with an algorithm this runtime has, and the one attestation filter.
import { errorMessage } from '../model/errors.js';
import { createHash } from 'node:crypto';
import { formatPlatform, normalisePlatformText } from '../model/platforms.js';
import type { Descriptor, OciDocument, OciPlatform } from '../model/oci.js';

/** The algorithms whose digests this client can check. */
const verifiableAlgorithms = ['sha256', 'sha512'] as const;

/** Refuses a digest this client cannot check: an unverifiable digest must not pass as verified. */
function checkAlgorithm(digest: string, what: string): void {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  if (!(verifiableAlgorithms as readonly string[]).includes(algorithm))
    throw new Error(
      `${what}: the digest ${digest} uses the algorithm '${algorithm}', which this client cannot verify (it checks ${verifiableAlgorithms.join(', ')})`
    );
}

const digestForms: Record<string, RegExp> = { sha256: /^sha256:[a-f0-9]{64}$/, sha512: /^sha512:[a-f0-9]{128}$/ };

/** Whether a text is a well-formed sha256 or sha512 digest (lowercase hex of the exact length). */
export function isWellFormedDigest(digest: string): boolean {
  const algorithm = digest.slice(0, Math.max(digest.indexOf(':'), 0));
  return digestForms[algorithm]?.test(digest) ?? false;
}

/** Refuses anything but a well-formed sha256 or sha512 digest: digests become URL and file path segments. */
export function checkDigestForm(digest: string, what: string): void {
  if (typeof digest !== 'string' || !isWellFormedDigest(digest))
    throw new Error(`${what}: '${String(digest)}' is not a digest (sha256:<64 hex> or sha512:<128 hex>)`);
}

/**
 * Every digest that enters from outside (a manifest's descriptors, a registry's header, a reference)
 * goes through this before it is used: an algorithm this client verifies, in its exact form, so
 * `sha256:../../x` can never become a request on another path of the registry.
 */
export function checkDigest(digest: string, what: string): void {
  if (typeof digest === 'string' && digest.includes(':')) checkAlgorithm(digest, what);
  checkDigestForm(digest, what);
}

export const digestOf = (content: Buffer, algorithm = 'sha256'): string =>
  `${algorithm}:${createHash(algorithm).update(content).digest('hex')}`;

/** Throws unless `content` has `digest`; `subject` starts the message ("Registry r served manifest m"). */
export function verifyDigest(content: Buffer, digest: string, subject: string): void {
  checkDigest(digest, subject);
  const algorithm = digest.slice(0, digest.indexOf(':'));
  if (digestOf(content, algorithm) !== digest)
    throw new Error(`${subject} whose content does not match digest ${digest} (${digestOf(content)})`);
}

/** The JSON document in a manifest's bytes; `subject` starts the message when it is none. */
export function parseDocument(bytes: Buffer, subject: string): OciDocument {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`${subject}: ${errorMessage(error)}`, { cause: error });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${subject}: not a JSON object`);
  return json;
}

/** Attestation entries of an index (unknown/unknown, or annotated so) are not images. */
function isAttestation(entry: Descriptor): boolean {
  return (
    entry.platform?.os === 'unknown' || entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
  );
}

/** A platform as the registry spelled it, normalised when it is one we know (arm → arm/v7). */
export function normalisedPlatform(platform: OciPlatform): string {
  return normalisePlatformText(
    formatPlatform({
      os: platform.os ?? '',
      architecture: platform.architecture ?? '',
      ...(platform.variant ? { variant: platform.variant } : {})
    })
  );
}

/** An index's image entries by normalised platform, attestations left out; the first entry wins on duplicates. */
export function imageEntries(manifests: readonly Descriptor[] | undefined): Map<string, Descriptor> {
  const entries = new Map<string, Descriptor>();
  for (const entry of manifests ?? []) {
    const platform = entry?.platform;
    if (!platform?.os || !platform.architecture || typeof entry.digest !== 'string' || isAttestation(entry)) continue;
    const key = normalisedPlatform(platform);
    if (!entries.has(key)) entries.set(key, entry);
  }
  return entries;
}

/** Every platform an index lists, in order and with repeats, attestations left out. */
export function indexPlatformList(manifests: readonly Descriptor[] | undefined): string[] {
  return (manifests ?? [])
    .filter((entry) => entry.platform && !isAttestation(entry))
    .map((entry) => normalisedPlatform(entry.platform as OciPlatform));
}
