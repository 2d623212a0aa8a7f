// Moving one blob or one manifest into a repository without a docker CLI: a HEAD first, then a
// cross-repository mount within one registry (no data moves) or an upload streamed from where the
// blob is (the job's OCI layout, or another registry); manifests go in byte for byte, so their
// digests stay the same.
import { pipeline, Transform } from 'node:stream';
import { errorMessage } from '../model/errors.js';
import { isTransientFailure, RetryLater, withRetry } from '../seams/retry-policy.js';
import { pushScope, pullScope, type FetchedManifest } from './client.js';
import { checkDigest } from './document.js';
import { discard, formatRegistryErrors, registryErrorEntries, responseLimits, type Exchange } from './http.js';
import type { ContentOrigin, RepositoryRef } from './image-content.js';
import type { Gate } from './pool.js';
import type { Descriptor } from '../model/oci.js';

export type { RepositoryRef } from './image-content.js';

export type BlobOutcome = 'mounted' | 'uploaded' | 'present';

const mountAnswers = (status: number): boolean => status === 201 || status === 202;
const headAnswers = (status: number): boolean => status === 200 || status === 404;

/** Whether a repository already has a blob (HEAD). Asks for the push scope: the token then serves the upload too. */
export async function hasBlob(target: RepositoryRef, digest: string): Promise<boolean> {
  const exchange = await target.client.request({
    method: 'HEAD',
    url: `/v2/${target.repository}/blobs/${digest}`,
    scopes: [pushScope(target.repository)],
    verb: 'checking',
    what: `blob ${target.client.display(target.repository, digest)}`,
    accept: headAnswers
  });
  await discard(exchange);
  return exchange.response.status === 200;
}

/** Whether a repository already has a manifest by digest (HEAD): then it has every blob the manifest names. */
export async function hasManifest(target: RepositoryRef, manifest: FetchedManifest): Promise<boolean> {
  checkDigest(manifest.digest, `a manifest for ${target.client.registry}/${target.repository}`);
  const exchange = await target.client.request({
    method: 'HEAD',
    url: `/v2/${target.repository}/manifests/${manifest.digest}`,
    headers: { Accept: manifest.mediaType },
    scopes: [pushScope(target.repository)],
    verb: 'checking',
    what: `manifest ${target.client.display(target.repository, manifest.digest)}`,
    accept: headAnswers
  });
  await discard(exchange);
  return exchange.response.status === 200;
}

/** An upload that broke off in a way worth another try: the whole transfer restarts, in a new session. */
class UploadBroken extends RetryLater {}

/**
 * Streams the blob from its origin into an upload session, in one try: a session whose request
 * failed is never used again. Resolves to the bytes sent.
 */
async function upload(origin: ContentOrigin, target: RepositoryRef, blob: Descriptor, location: URL) {
  let sent = 0;
  const url = new URL(location);
  url.searchParams.set('digest', blob.digest);
  const exchange = await target.client
    .request({
      once: true,
      method: 'PUT',
      url: url.toString(),
      headers: {
        'Content-Type': 'application/octet-stream',
        ...(blob.size !== undefined ? { 'Content-Length': String(blob.size) } : {})
      },
      body: async () => {
        sent = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            sent += chunk.length;
            done(null, chunk);
          }
        });
        return pipeline(await origin.openBlob(blob.digest), counter, () => undefined);
      },
      scopes: [pushScope(target.repository)],
      verb: 'uploading',
      what: `blob ${target.client.display(target.repository, blob.digest)}`,
      accept: (status) => status === 201
    })
    .catch((error: unknown) => {
      const message = errorMessage(error);
      if (!isTransientFailure(message)) throw error;
      throw new UploadBroken(message, error instanceof RetryLater ? error.retryAfterMs : undefined);
    });
  await discard(exchange);
  return sent;
}

/** Starts an upload session, asking to mount the blob from `mountFrom` (same registry) when given. */
async function startUpload(
  target: RepositoryRef,
  blob: Descriptor,
  mountFrom: string | undefined
): Promise<{ mounted: true } | { location: URL }> {
  const query = mountFrom ? `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(mountFrom)}` : '';
  const exchange = await target.client.request({
    method: 'POST',
    url: `/v2/${target.repository}/blobs/uploads/${query}`,
    // One token for both: push on the target and pull on the source, as a mount needs.
    scopes: [pushScope(target.repository), ...(mountFrom ? [pullScope(mountFrom)] : [])],
    verb: mountFrom ? 'mounting' : 'starting an upload of',
    what: `blob ${blob.digest} into ${target.client.registry}/${target.repository}`,
    accept: mountAnswers
  });
  await discard(exchange);
  if (exchange.response.status === 201) return { mounted: true };
  const location = exchange.response.headers.get('location');
  if (!location)
    throw new Error(
      `Registry ${target.client.registry} started an upload into ${target.repository} without a Location`
    );
  const url = new URL(location, exchange.url);
  await target.client.checkLocation(url, `named an upload of ${blob.digest} into ${target.repository} at`);
  return { location: url };
}

/** How a blob gets in: where it may be mounted from, and the gate its upload of data waits at. */
export interface TransferOptions {
  /** A repository of the target's registry that has the blob, to mount it from. */
  mountFrom?: string | undefined;
  /** Bounds the uploads of data side by side (the HEADs and mounts before them do not wait here). */
  uploads?: Gate;
}

async function transferOnce(
  origin: ContentOrigin,
  target: RepositoryRef,
  blob: Descriptor,
  { mountFrom, uploads }: TransferOptions
): Promise<{ outcome: BlobOutcome; bytes: number }> {
  if (await hasBlob(target, blob.digest)) return { outcome: 'present', bytes: 0 };
  // Its file on the runner is empty: nothing may be read, sent or mounted for it.
  if (origin.isStandIn?.(blob.digest))
    throw new Error(
      `blob ${blob.digest} was not written on the runner (every target repository had it when the build started), ` +
        `but ${target.client.registry}/${target.repository} no longer has it; running the step again writes and pushes it`
    );
  const started = await startUpload(target, blob, mountFrom);
  if ('mounted' in started) return { outcome: 'mounted', bytes: 0 };
  const send = (): Promise<number> => upload(origin, target, blob, started.location);
  return { outcome: 'uploaded', bytes: await (uploads ? uploads.run(send) : send()) };
}

/**
 * Makes a blob available in the target repository: nothing to do when the repository has it, else
 * mounted from `options.mountFrom` within the registry (which may decline and ask for the data), else
 * uploaded from its origin. An upload that breaks off starts over: a HEAD (the registry may have
 * committed it after all), then a new session. Resolves to what happened and the bytes sent.
 */
export async function transferBlob(
  origin: ContentOrigin,
  target: RepositoryRef,
  blob: Descriptor,
  options: TransferOptions = {}
): Promise<{ outcome: BlobOutcome; bytes: number }> {
  checkDigest(blob.digest, `a blob for ${target.client.registry}/${target.repository}`);
  return withRetry(
    `Uploading blob ${target.client.display(target.repository, blob.digest)} (it starts over with a HEAD and a new upload session)`,
    () => transferOnce(origin, target, blob, options),
    target.client.retryPolicy,
    (error) => error instanceof UploadBroken
  );
}

/** The registry's error codes of a refused request, for the message. */
async function errorCodes(target: RepositoryRef, exchange: Exchange): Promise<string> {
  try {
    const body = await target.client.read(exchange, responseLimits.errorBody, 'an error body');
    return formatRegistryErrors(registryErrorEntries(body.toString('utf8')));
  } catch {
    return '';
  }
}

/** A registry refused to store a manifest under its digest alone: said plainly, never worked around with a tag. */
class DigestPushRefused extends Error {}

/**
 * Puts a manifest's bytes under a tag or its digest; resolves to the digest the registry reports.
 * A registry that refuses a manifest by digest (but not for want of rights) is named as such.
 */
export async function putManifest(target: RepositoryRef, reference: string, manifest: FetchedManifest) {
  const byDigest = reference === manifest.digest;
  // A tag has no ':'; anything with one is a digest, and must be one.
  if (reference.includes(':')) checkDigest(reference, `a manifest for ${target.client.registry}/${target.repository}`);
  const display = target.client.display(target.repository, reference);
  const exchange = await target.client.request({
    method: 'PUT',
    url: `/v2/${target.repository}/manifests/${reference}`,
    headers: { 'Content-Type': manifest.mediaType },
    body: () => manifest.bytes,
    scopes: [pushScope(target.repository)],
    verb: 'writing',
    what: `manifest ${display}`,
    // A refusal by digest is a 4xx that is not about the login or the request rate.
    accept: (status) =>
      status === 201 || (byDigest && status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status))
  });
  if (exchange.response.status !== 201) {
    const codes = await errorCodes(target, exchange);
    throw new DigestPushRefused(
      `Registry ${target.client.registry} refused to store manifest ${manifest.digest} in ${target.repository} by its digest ` +
        `(HTTP ${exchange.response.status}${codes ? `: ${codes}` : ''}). This action pushes every image untagged, by digest, ` +
        'so that no tag exists before the checks pass; it does not fall back to a temporary tag.'
    );
  }
  await discard(exchange);
  return exchange.response.headers.get('docker-content-digest')?.trim() || manifest.digest;
}
