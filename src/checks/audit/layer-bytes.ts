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
// Decompressed bytes zlib may run ahead of the tar parser: with its default (one 16 KiB mark, less
// than one chunk) it waited for every chunk to be parsed before decompressing the next, so the
// parse and the gunzip took turns instead of overlapping. Four chunks per layer stay bounded.
const AHEAD_BYTES = 4 * CHUNK_BYTES;
const zlibOptions = { chunkSize: CHUNK_BYTES, readableHighWaterMark: AHEAD_BYTES };

function decompressorFor(start: Buffer): Decompressor | undefined {
  if (start[0] === 0x1f && start[1] === 0x8b) return () => zlib.createGunzip(zlibOptions);
  if (start.length >= 4 && start.readUInt32LE(0) === 0xfd2fb528) {
    const zstd = (zlib as unknown as Record<string, ((options: object) => NodeJS.ReadWriteStream) | undefined>)[
      'createZstdDecompress'
    ];
    if (!zstd) throw new Error('layer is zstd-compressed, which this Node.js cannot decompress');
    return () => zstd(zlibOptions);
  }
  return undefined;
}

const MAGIC_BYTES = 4;

/** The blob's first bytes (at least MAGIC_BYTES unless it is shorter), read without putting it into flowing mode. */
function readMagic(source: Readable): Promise<{ head: Buffer }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const detach = (): void => {
      source.off('readable', onReadable).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const settle = (): void => {
      detach();
      // Usually one chunk (a megabyte from disk): taken as it is, not copied.
      resolve({ head: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) });
    };
    const onReadable = (): void => {
      let chunk: Buffer | string | null;
      while (length < MAGIC_BYTES && (chunk = source.read() as Buffer | string | null) !== null) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        chunks.push(bytes);
        length += bytes.length;
      }
      if (length >= MAGIC_BYTES) settle();
    };
    const onEnd = (): void => settle();
    const onError = (error: Error): void => {
      detach();
      reject(error);
    };
    // Torn down without an error (the time bound, or the scan closed): nothing more will come.
    const onClose = (): void => onError(new Error('the layer stream closed before its first bytes'));
    source.on('readable', onReadable).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * Pipes the blob, decompressed when its first bytes say it is compressed, into `sink`: straight
 * stream to stream, with no generator or extra stream per chunk between zlib and the tar parser.
 */
async function decompressInto(blob: NodeJS.ReadableStream, sink: Transform, done: (error?: Error | null) => void) {
  const source = blob instanceof Readable ? blob : Readable.from(blob);
  let magic: { head: Buffer };
  try {
    magic = await readMagic(source);
  } catch (error) {
    return done(error as Error);
  }
  const decompressor = decompressorFor(magic.head)?.();
  // The first bytes go in ahead of the rest; pipe() takes a blob that has ended already too.
  const first = decompressor ?? sink;
  if (magic.head.length > 0 && !sink.destroyed) first.write(magic.head);
  if (decompressor) pipeline(source, decompressor, sink, done);
  else pipeline(source, sink, done);
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
  const detach = (): void => signal?.removeEventListener('abort', onAbort);
  decompressInto(blob, counter, (error) => {
    detach();
    // A source that failed before the pipeline was made fails the tar bytes the same way.
    if (error && !counter.destroyed) counter.destroy(error);
  }).catch((error: unknown) => counter.destroy(error as Error));
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
