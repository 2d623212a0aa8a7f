// A layer blob as tar bytes: gzip (and zstd where this Node has it) undone, every decompressed byte
// counted against the size bound (the platform's budget, shared with its other layers), and the
// whole chain torn down at the deadline.
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import * as zlib from 'node:zlib';

/** A bound cut the read short: the scan is incomplete, not broken. */
export class LimitReached extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export const TIME_LIMIT = 'time limit reached';
export const sizeLimit = (maxBytes: number): string => `size limit of ${maxBytes} bytes reached`;

type Decompressor = () => NodeJS.ReadWriteStream;

// Decompressed chunks of 256 KiB instead of zlib's 16 KiB: a sixteenth of the callbacks and buffers
// through the tar parser, which halved the audit of a 600 MB image here.
const CHUNK_BYTES = 256 * 1024;

function decompressorFor(start: Buffer): Decompressor | undefined {
  if (start[0] === 0x1f && start[1] === 0x8b) return () => zlib.createGunzip({ chunkSize: CHUNK_BYTES });
  if (start.length >= 4 && start.readUInt32LE(0) === 0xfd2fb528) {
    const zstd = (zlib as unknown as Record<string, ((options: object) => NodeJS.ReadWriteStream) | undefined>)[
      'createZstdDecompress'
    ];
    if (!zstd) throw new Error('layer is zstd-compressed, which this Node.js cannot decompress');
    return () => zstd({ chunkSize: CHUNK_BYTES });
  }
  return undefined;
}

async function* chunksOf(stream: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** The blob's bytes, decompressed when its first bytes say it is compressed. */
async function* decompressed(blob: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const source = chunksOf(blob);
  const head: Buffer[] = [];
  let headLength = 0;
  while (headLength < 4) {
    const next = await source.next();
    if (next.done) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  async function* whole(): AsyncGenerator<Buffer> {
    yield* head;
    yield* source;
  }
  const decompressor = decompressorFor(Buffer.concat(head));
  if (!decompressor) {
    yield* whole();
    return;
  }
  const output = pipeline(Readable.from(whole()), decompressor(), () => {
    // errors surface through iterating the output
  });
  yield* chunksOf(output);
}

/** The bytes a read may still take, and how it pays for them: a number of its own, or a shared budget. */
export interface ByteAllowance {
  bytes(): number;
  spendBytes(count: number): void;
}

/** Counts what passes, paying for it from the allowance, and fails once it has no room left. */
class ByteCounter extends Transform {
  bytes = 0;
  constructor(private readonly allowance: ByteAllowance) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const room = this.allowance.bytes();
    const passed = Math.min(chunk.length, room);
    this.bytes += passed;
    this.allowance.spendBytes(passed);
    if (chunk.length <= room) return done(null, chunk);
    // What fits still goes through, so entries that end within the bound are read whole.
    if (room > 0) this.push(chunk.subarray(0, room));
    done(new LimitReached('size limit reached'));
  }
}

export interface OpenLayer {
  /** The tar bytes; errors with LimitReached when a bound is hit. */
  tar: Readable;
  /** Decompressed bytes that came through so far (at most the budget). */
  bytes(): number;
  /** Ends the read (a no-op once it ended), freeing the blob's connection. */
  close(): void;
}

/** Opens a layer blob for reading under a byte allowance and an abort signal (the time bound). */
export function openLayer(blob: NodeJS.ReadableStream, allowance: ByteAllowance, signal?: AbortSignal): OpenLayer {
  const counter = new ByteCounter(allowance);
  const destroyBlob = (error?: Error): void => {
    const destroy = (blob as Partial<Readable>).destroy;
    if (typeof destroy === 'function') destroy.call(blob, error);
  };
  // The blob is destroyed directly: a stalled read inside the decompressor or one entry ends with it.
  const onAbort = (): void => {
    const error = new LimitReached(TIME_LIMIT);
    counter.destroy(error);
    destroyBlob(error);
  };
  pipeline(Readable.from(decompressed(blob)), counter, () => {
    signal?.removeEventListener('abort', onAbort);
  });
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    tar: counter,
    bytes: () => counter.bytes,
    close: () => {
      signal?.removeEventListener('abort', onAbort);
      if (!counter.destroyed) counter.destroy();
      destroyBlob();
    }
  };
}
