// Moving blobs and manifests between repositories without a docker CLI: a cross-repository mount
// within one registry (no data moves), a streamed copy across registries, and manifests put back
// byte for byte, so their digests stay the same.
import { pipeline, Transform } from 'node:stream';
import { pushScope, pullScope, type FetchedManifest, type RegistryClient } from './client.js';
import { discard } from './http.js';
import type { Descriptor } from './document.js';

export interface RepositoryRef {
  client: RegistryClient;
  repository: string;
}

export type BlobOutcome = 'mounted' | 'copied' | 'present';

const created = (status: number): boolean => status === 201;
const mountAnswers = (status: number): boolean => status === 201 || status === 202;
const headAnswers = (status: number): boolean => status === 200 || status === 404;

/** Whether a repository already has a blob (HEAD). */
async function hasBlob(target: RepositoryRef, digest: string): Promise<boolean> {
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

/** Streams the blob from the source into an upload session; resolves to the bytes sent. */
async function upload(
  source: RepositoryRef,
  target: RepositoryRef,
  blob: Descriptor,
  location: string
): Promise<number> {
  let sent = 0;
  const url = new URL(location, target.client.baseUrl);
  url.searchParams.set('digest', blob.digest);
  const exchange = await target.client.request({
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
      return pipeline(await source.client.getBlob(source.repository, blob.digest), counter, () => undefined);
    },
    scopes: [pushScope(target.repository)],
    verb: 'uploading',
    what: `blob ${target.client.display(target.repository, blob.digest)}`,
    accept: created
  });
  await discard(exchange);
  return sent;
}

/** Starts an upload session, asking to mount the blob from the source repository when both share a registry. */
async function startUpload(
  source: RepositoryRef,
  target: RepositoryRef,
  blob: Descriptor
): Promise<{ mounted: true } | { location: string }> {
  const sameRegistry = source.client === target.client;
  const query = sameRegistry
    ? `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(source.repository)}`
    : '';
  const exchange = await target.client.request({
    method: 'POST',
    url: `/v2/${target.repository}/blobs/uploads/${query}`,
    scopes: [pushScope(target.repository), ...(sameRegistry ? [pullScope(source.repository)] : [])],
    verb: sameRegistry ? 'mounting' : 'starting an upload of',
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
  return { location };
}

/**
 * Makes a blob available in the target repository: mounted from the source in the same registry
 * (the registry may decline and ask for the data, which is then streamed), copied across registries
 * unless the target has it already. Resolves to what happened and the bytes sent.
 */
export async function transferBlob(
  source: RepositoryRef,
  target: RepositoryRef,
  blob: Descriptor
): Promise<{ outcome: BlobOutcome; bytes: number }> {
  if (source.client !== target.client && (await hasBlob(target, blob.digest))) return { outcome: 'present', bytes: 0 };
  const started = await startUpload(source, target, blob);
  if ('mounted' in started) return { outcome: 'mounted', bytes: 0 };
  return { outcome: 'copied', bytes: await upload(source, target, blob, started.location) };
}

/** Puts a manifest's bytes under a tag or its digest; resolves to the digest the registry reports. */
export async function putManifest(
  target: RepositoryRef,
  reference: string,
  manifest: FetchedManifest
): Promise<string> {
  const exchange = await target.client.request({
    method: 'PUT',
    url: `/v2/${target.repository}/manifests/${reference}`,
    headers: { 'Content-Type': manifest.mediaType },
    body: () => manifest.bytes,
    scopes: [pushScope(target.repository)],
    verb: 'writing',
    what: `manifest ${target.client.display(target.repository, reference)}`,
    accept: created
  });
  await discard(exchange);
  return exchange.response.headers.get('docker-content-digest')?.trim() || manifest.digest;
}
