// The image as buildx exports it on a pipe (--output type=oci,dest=-): an OCI layout as a tar.
// BuildKit writes its entries sorted by name, so the blobs come first, manifests, configs and
// layers mixed in digest order, and index.json last. Each blob is decided on as it passes, from
// its first bytes: a JSON document (manifest, config, attestation) is kept; a layer is kept only
// when `wanted` says so (a target repository lacks it, or it is not a base layer), otherwise it is
// read off the pipe and dropped, never written. What is kept is a partial OCI layout on disk.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { documentLimits } from '../model/oci.js';

export interface ReceivedExport {
  dir: string;
  /** Blobs written to the partial layout: every document, and the layers that were wanted. */
  kept: { blobs: number; bytes: number };
  /** Layers read off the pipe and dropped. */
  dropped: { blobs: number; bytes: number };
}

export interface ReceiveOptions {
  /** The partial layout's directory (made here). */
  dir: string;
  /** Whether a layer's bytes are needed on this runner; false drops them. */
  wanted: (digest: string, size: number) => Promise<boolean>;
}

/** The export ended before its index.json: the tar was cut short (the build that wrote it failed). */
export class TruncatedExport extends Error {}

/** A manifest, config or attestation is JSON of at most this size; a layer never starts with '{'. */
const DOCUMENT_LIMIT = Math.max(documentLimits.manifest, documentLimits.config);
const blobName = /^blobs\/sha256\/([a-f0-9]{64})$/;
const layoutFiles = new Set(['index.json', 'oci-layout']);

type Entry = AsyncIterable<Buffer> & { header: tar.Header };

/** The entry's bytes as an iterator, so its first chunk can be looked at before deciding. */
function chunksOf(entry: Entry): AsyncIterator<Buffer> {
  return entry[Symbol.asyncIterator]();
}

async function dropRest(chunks: AsyncIterator<Buffer>): Promise<void> {
  for (let next = await chunks.next(); !next.done; next = await chunks.next());
}

/** Writes the first chunk and the rest to a file, with the pipe's backpressure. */
async function writeRest(file: string, first: Buffer | undefined, chunks: AsyncIterator<Buffer>): Promise<void> {
  async function* all(): AsyncGenerator<Buffer> {
    if (first) yield first;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  await pipeline(Readable.from(all()), createWriteStream(file));
}

async function receiveBlob(entry: Entry, digest: string, options: ReceiveOptions, figures: ReceivedExport) {
  const size = entry.header.size ?? 0;
  const chunks = chunksOf(entry);
  const head = await chunks.next();
  const first = head.done ? undefined : head.value;
  const document = size <= DOCUMENT_LIMIT && first?.[0] === 0x7b;
  if (!document && !(await options.wanted(digest, size))) {
    await dropRest(chunks);
    figures.dropped.blobs += 1;
    figures.dropped.bytes += size;
    return;
  }
  await writeRest(path.join(options.dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), first, chunks);
  figures.kept.blobs += 1;
  figures.kept.bytes += size;
}

/** A small file of the layout (index.json, oci-layout), read whole. */
async function receiveFile(entry: Entry, file: string): Promise<void> {
  if ((entry.header.size ?? 0) > DOCUMENT_LIMIT)
    throw new Error(`${entry.header.name} is larger than ${DOCUMENT_LIMIT} bytes`);
  const parts: Buffer[] = [];
  for await (const chunk of entry) parts.push(chunk);
  writeFileSync(file, Buffer.concat(parts));
}

async function receiveAll(extract: tar.Extract, options: ReceiveOptions): Promise<ReceivedExport> {
  const figures: ReceivedExport = { dir: options.dir, kept: { blobs: 0, bytes: 0 }, dropped: { blobs: 0, bytes: 0 } };
  mkdirSync(path.join(options.dir, 'blobs', 'sha256'), { recursive: true });
  let index = false;
  for await (const entry of extract as AsyncIterable<Entry>) {
    const { name, type } = entry.header;
    const blob = type === 'file' ? blobName.exec(name) : null;
    if (blob) await receiveBlob(entry, `sha256:${blob[1] ?? ''}`, options, figures);
    else if (type === 'file' && layoutFiles.has(name)) {
      await receiveFile(entry, path.join(options.dir, name));
      index ||= name === 'index.json';
      // Directories, and anything else the exporter may add, are nothing the push needs: no name reaches the disk.
    } else await dropRest(chunksOf(entry));
  }
  if (!index) throw new TruncatedExport("buildx's OCI export ended without its index.json");
  return figures;
}

/**
 * A sink for buildx's stdout, and what it received once the tar ended. A failure destroys the sink
 * with its error, so the writer of the pipe stops (EPIPE) rather than waiting on a reader that gave up.
 */
export function receiveOciTar(options: ReceiveOptions): {
  sink: NodeJS.WritableStream;
  received: Promise<ReceivedExport>;
} {
  // A Node stream in front of tar-stream's (streamx) extractor: its 'error' is what the pipe's writer hears.
  const sink = new PassThrough({ highWaterMark: 1024 * 1024 });
  // Its error is the receipt's, reported there; the pipe's writer adds its own listener.
  sink.on('error', () => undefined);
  const extract = tar.extract();
  sink.pipe(extract);
  const received = receiveAll(extract, options);
  received.catch((error: unknown) => {
    sink.unpipe();
    sink.destroy(error as Error);
  });
  return { sink, received };
}
