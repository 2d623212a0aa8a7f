import { Readable, pipeline } from 'node:stream';
import * as zlib from 'node:zlib';
import { formatPlatform, type Platform } from '../../planning/platforms.js';

export type ElfMachine =
  'x86-64' | 'i386' | 'aarch64' | 'arm' | 'riscv64' | 's390x' | 'ppc64le' | 'ppc64' | 'mips' | 'loongarch64' | 'other';

export interface ElfInfo {
  machine: ElfMachine;
  bits: 32 | 64;
  littleEndian: boolean;
  type: 'executable' | 'shared' | 'relocatable' | 'core' | 'other';
}

export interface AuditFinding {
  path: string;
  info: ElfInfo;
}

export interface AuditResult {
  platform: string;
  /** Regular files read across all layers, including ones a later layer deletes. */
  scannedFiles: number;
  /** Sum of those files' sizes. */
  scannedBytes: number;
  /** ELF files in the final filesystem (hard links counted once). */
  elfFiles: number;
  /** Executables and shared objects for another architecture, hard links reported once. */
  mismatches: AuditFinding[];
  /** Why the scan stopped early; mismatches then cover only what was read. */
  truncated?: string;
}

export interface AuditLimits {
  maxFiles: number;
  maxBytes: number;
  /** A Date.now() value after which to stop. */
  deadline?: number;
}

/**
 * Places where foreign-architecture ELF files are expected: firmware blobs, cross sysroots,
 * Go's debug/elf test data, npm packages shipping prebuilt binaries for every platform.
 * Not applied by auditLayers; callers pass them along with the user's globs.
 */
export const suggestedIgnoreGlobs: readonly string[] = [
  '/lib/firmware/**',
  '/usr/lib/firmware/**',
  '/usr/share/qemu/**',
  '/usr/lib/gcc-cross/**',
  '/usr/*-linux-gnu*/**',
  '**/testdata/**',
  '**/node_modules/**/prebuilds/**',
  '**/lib/rustlib/**'
];

const elfMachines = new Map<number, ElfMachine>([
  [3, 'i386'],
  [8, 'mips'],
  [10, 'mips'],
  [22, 's390x'],
  [40, 'arm'],
  [62, 'x86-64'],
  [183, 'aarch64'],
  [243, 'riscv64'],
  [258, 'loongarch64']
]);

const elfTypes: Record<number, ElfInfo['type']> = { 1: 'relocatable', 2: 'executable', 3: 'shared', 4: 'core' };

/** Decodes the start of an ELF header; undefined when it is not ELF or shorter than 20 bytes. */
export function readElfHeader(header: Buffer): ElfInfo | undefined {
  if (header.length < 20 || header[0] !== 0x7f || header[1] !== 0x45 || header[2] !== 0x4c || header[3] !== 0x46)
    return undefined;
  const bits = header[4] === 1 ? 32 : header[4] === 2 ? 64 : undefined;
  const littleEndian = header[5] === 1 ? true : header[5] === 2 ? false : undefined;
  if (bits === undefined || littleEndian === undefined) return undefined;
  const type = littleEndian ? header.readUInt16LE(16) : header.readUInt16BE(16);
  const code = littleEndian ? header.readUInt16LE(18) : header.readUInt16BE(18);
  // EM_PPC64 covers both byte orders; Docker's platforms tell them apart.
  const machine = code === 21 ? (littleEndian ? 'ppc64le' : 'ppc64') : (elfMachines.get(code) ?? 'other');
  return { machine, bits, littleEndian, type: elfTypes[type] ?? 'other' };
}

/** The ELF machine a Linux platform's binaries are built for; undefined for other OSes and unknown architectures. */
export function expectedMachine(
  platform: Platform
): { machine: ElfMachine; bits: 32 | 64; littleEndian: boolean } | undefined {
  if (platform.os !== 'linux') return undefined;
  switch (platform.architecture) {
    case 'amd64':
      return { machine: 'x86-64', bits: 64, littleEndian: true };
    case '386':
      return { machine: 'i386', bits: 32, littleEndian: true };
    case 'arm64':
      return { machine: 'aarch64', bits: 64, littleEndian: true };
    case 'arm':
      return { machine: 'arm', bits: 32, littleEndian: true };
    case 'riscv64':
      return { machine: 'riscv64', bits: 64, littleEndian: true };
    case 's390x':
      return { machine: 's390x', bits: 64, littleEndian: false };
    case 'ppc64le':
      return { machine: 'ppc64le', bits: 64, littleEndian: true };
    case 'loong64':
      return { machine: 'loongarch64', bits: 64, littleEndian: true };
    case 'mips64le':
      return { machine: 'mips', bits: 64, littleEndian: true };
    case 'mips64':
      return { machine: 'mips', bits: 64, littleEndian: false };
    default:
      return undefined;
  }
}

function isMismatch(info: ElfInfo, expected: { machine: ElfMachine; bits: 32 | 64; littleEndian: boolean }): boolean {
  if (info.type !== 'executable' && info.type !== 'shared') return false;
  return (
    info.machine !== expected.machine || info.bits !== expected.bits || info.littleEndian !== expected.littleEndian
  );
}

function globToRegExp(glob: string): RegExp {
  let pattern = glob.trim();
  if (!pattern.startsWith('/')) pattern = `/${pattern}`;
  if (pattern.length > 1 && pattern.endsWith('/')) pattern += '**';
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '*' && pattern.charAt(i + 1) === '*') {
      const atSegmentStart = pattern.charAt(i - 1) === '/';
      i++;
      if (atSegmentStart && pattern.charAt(i + 1) === '/') {
        source += '(?:.*/)?';
        i++;
      } else {
        source += '.*';
      }
    } else if (ch === '*') {
      source += '[^/]*';
    } else if (ch === '?') {
      source += '[^/]';
    } else {
      source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  // A pattern naming a directory covers what is inside it.
  return new RegExp(`^${source}(?:/.*)?$`);
}

/** Whether an absolute path matches a glob: * and ? within a segment, ** across segments, leading / optional. */
export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob).test(path.startsWith('/') ? path : `/${path}`);
}

/** Pulls exact byte counts out of a chunk stream without joining more than it hands back. */
class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  offset = 0;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(wanted: number): Promise<void> {
    while (this.buffered < wanted && !this.ended) {
      const next = await this.source.next();
      if (next.done) {
        this.ended = true;
      } else if (next.value.length > 0) {
        this.chunks.push(next.value);
        this.buffered += next.value.length;
      }
    }
  }

  /** Up to length bytes; fewer only at the end of the stream. */
  async read(length: number): Promise<Buffer> {
    if (length <= 0) return Buffer.alloc(0);
    await this.fill(length);
    const first = this.chunks[0];
    let out: Buffer;
    if (first && first.length >= length) {
      out = first.subarray(0, length);
      this.dropFront(length);
    } else {
      out = Buffer.concat(this.chunks).subarray(0, length);
      this.dropFront(out.length);
    }
    return out;
  }

  /** Discards up to length bytes, returning how many there were. */
  async skip(length: number): Promise<number> {
    let remaining = length;
    while (remaining > 0) {
      if (this.buffered === 0) {
        await this.fill(1);
        if (this.buffered === 0) break;
      }
      remaining -= this.dropFront(remaining);
    }
    return length - remaining;
  }

  async drain(): Promise<void> {
    while ((await this.skip(1 << 20)) > 0) {
      // discard
    }
  }

  private dropFront(length: number): number {
    let dropped = 0;
    while (dropped < length) {
      const first = this.chunks[0];
      if (!first) break;
      const take = Math.min(first.length, length - dropped);
      if (take === first.length) this.chunks.shift();
      else this.chunks[0] = first.subarray(take);
      dropped += take;
    }
    this.buffered -= dropped;
    this.offset += dropped;
    return dropped;
  }
}

interface TarEntry {
  path: string;
  type: 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';
  size: number;
  /** Normalised, as a hard link's target is a path in the archive. */
  linkTarget: string;
  /** As written, since a symlink may be relative. */
  linkName: string;
}

const BLOCK = 512;
const MAX_META_SIZE = 1 << 20;
// Go's archive/tar treats these as header-only whatever their size field says.
const headerOnlyTypes = new Set(['1', '2', '3', '4', '5', '6']);

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function parseNumeric(field: Buffer): number {
  const first = field[0] ?? 0;
  if (first & 0x80) {
    // GNU base-256: big-endian binary after the marker bit.
    let value = first & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+/g, ' ')
    .trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseNumeric(block.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

function parsePax(content: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let position = 0;
  while (position < content.length) {
    const space = content.indexOf(0x20, position);
    if (space < 0) break;
    const length = parseInt(content.subarray(position, space).toString('latin1'), 10);
    if (!(length > 0)) break;
    const record = content.subarray(space + 1, position + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    position += length;
  }
  return records;
}

/** Absolute, without ./, // or a trailing slash. */
function normalisePath(name: string): string {
  const segments: string[] = [];
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

class TarReader {
  private pending = 0;
  private ended = false;

  constructor(private readonly bytes: ByteReader) {}

  /** The next real entry (metadata entries folded in), or undefined at the end of the archive. */
  async next(): Promise<TarEntry | undefined> {
    let longName: string | undefined;
    let longLink: string | undefined;
    let pax = new Map<string, string>();
    for (;;) {
      await this.skipContent();
      if (this.ended) return undefined;
      const offset = this.bytes.offset;
      const block = await this.bytes.read(BLOCK);
      if (block.length === 0) {
        this.ended = true;
        return undefined;
      }
      if (block.length < BLOCK) throw new Error(`tar archive ends inside a header at byte ${offset}`);
      if (block.every((byte) => byte === 0)) {
        this.ended = true;
        return undefined;
      }
      if (!checksumMatches(block)) throw new Error(`not a tar archive (bad header checksum at byte ${offset})`);
      const typeflag = String.fromCharCode(block[156] ?? 0);
      const size = parseNumeric(block.subarray(124, 136));
      if (!Number.isSafeInteger(size) || size < 0)
        throw new Error(`bad size field in the tar header at byte ${offset}`);
      if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
        const content = await this.readMeta(size);
        if (typeflag === 'L') longName = cString(content, 0, content.length);
        else if (typeflag === 'K') longLink = cString(content, 0, content.length);
        else if (typeflag === 'x') pax = parsePax(content);
        continue;
      }
      // "ustar\0" has a prefix field; GNU's "ustar  " reuses those bytes for times.
      const posix = block.subarray(257, 263).toString('latin1') === 'ustar\0';
      const prefix = posix ? cString(block, 345, 155) : '';
      const name = cString(block, 0, 100);
      const path = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${name}` : name);
      const linkTarget = pax.get('linkpath') ?? longLink ?? cString(block, 157, 100);
      const paxSize = pax.get('size');
      const contentSize = headerOnlyTypes.has(typeflag) ? 0 : paxSize !== undefined ? Number(paxSize) : size;
      if (!Number.isSafeInteger(contentSize) || contentSize < 0) throw new Error(`bad PAX size at byte ${offset}`);
      this.pending = contentSize;
      const type: TarEntry['type'] =
        typeflag === '0' || typeflag === '\0' || typeflag === '7'
          ? 'file'
          : typeflag === '1'
            ? 'hardlink'
            : typeflag === '2'
              ? 'symlink'
              : typeflag === '5'
                ? 'directory'
                : 'other';
      return {
        path: normalisePath(path),
        type,
        size: contentSize,
        linkTarget: normalisePath(linkTarget),
        linkName: linkTarget
      };
    }
  }

  /** The first bytes of the current entry's content; the rest is skipped by the next call to next(). */
  async readHead(length: number): Promise<Buffer> {
    const head = await this.bytes.read(Math.min(length, this.pending));
    if (head.length < Math.min(length, this.pending)) throw new Error('tar archive ends inside a file');
    this.pending -= head.length;
    return head;
  }

  private async readMeta(size: number): Promise<Buffer> {
    const content = await this.bytes.read(Math.min(size, MAX_META_SIZE));
    this.pending = size - content.length;
    await this.skipContent();
    return content;
  }

  /** Reads to the end of the stream, so a producer feeding an outer archive can move on. */
  async drain(): Promise<void> {
    await this.bytes.drain();
  }

  private async skipContent(): Promise<void> {
    const consumed = this.bytes.offset;
    const padding = (BLOCK - ((consumed + this.pending) % BLOCK)) % BLOCK;
    const wanted = this.pending + padding;
    this.pending = 0;
    if ((await this.bytes.skip(wanted)) < wanted) throw new Error('tar archive ends inside a file');
  }
}

async function* bufferChunks(stream: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

type Decompressor = () => NodeJS.ReadWriteStream;

/** The layer's tar bytes: gzip is undone, zstd too where this Node has it. */
async function* tarBytes(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const source = bufferChunks(stream);
  const head: Buffer[] = [];
  let headLength = 0;
  try {
    while (headLength < 4) {
      const next = await source.next();
      if (next.done) break;
      head.push(next.value);
      headLength += next.value.length;
    }
    const start = Buffer.concat(head);
    let decompressor: Decompressor | undefined;
    if (start[0] === 0x1f && start[1] === 0x8b) {
      decompressor = () => zlib.createGunzip();
    } else if (start.length >= 4 && start.readUInt32LE(0) === 0xfd2fb528) {
      const zstd = (zlib as unknown as Record<string, Decompressor | undefined>)['createZstdDecompress'];
      if (!zstd) throw new Error('layer is zstd-compressed, which this Node.js cannot decompress');
      decompressor = () => zstd();
    }
    async function* rest(): AsyncGenerator<Buffer> {
      yield* head;
      yield* source;
    }
    if (!decompressor) {
      yield* rest();
      return;
    }
    const output = pipeline(Readable.from(rest()), decompressor(), () => {
      // errors surface through iterating the output
    });
    yield* bufferChunks(output);
  } finally {
    // Ending early (limits, errors) must not leave the producer waiting; a no-op on an ended stream.
    const destroy = (stream as Partial<Readable>).destroy;
    if (typeof destroy === 'function') destroy.call(stream);
    await source.return(undefined);
  }
}

interface LayerChanges {
  /** Paths removed with everything below them (whiteouts). */
  removed: string[];
  /** Directories whose lower contents are hidden (opaque whiteouts). */
  opaque: string[];
  /** This layer's entries; an ElfInfo object is the file's identity (hard links share it), null is anything else. */
  entries: Map<string, ElfInfo | null>;
  directories: Set<string>;
}

/** The final filesystem, keeping only ELF files since nothing else is reported. */
class LayeredFiles {
  readonly elf = new Map<string, ElfInfo>();
  private readonly directories = new Set<string>();

  apply(changes: LayerChanges): void {
    for (const path of changes.removed) this.removeTree(path);
    for (const path of changes.opaque) this.removeBelow(path);
    for (const [path, info] of changes.entries) {
      if (changes.directories.has(path)) {
        this.elf.delete(path);
        continue;
      }
      // A file or link replaces a lower directory of the same name.
      this.removeTree(path);
      if (info) {
        this.elf.set(path, info);
        for (let parent = path; parent !== '/';) {
          parent = parent.slice(0, parent.lastIndexOf('/')) || '/';
          this.directories.add(parent);
        }
      }
    }
  }

  private removeTree(path: string): void {
    this.elf.delete(path);
    this.removeBelow(path);
  }

  private removeBelow(path: string): void {
    if (!this.directories.has(path)) return;
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const key of this.elf.keys()) if (key.startsWith(prefix)) this.elf.delete(key);
  }
}

const HEAD_BYTES = 64;
const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Bump when LayerScan changes shape or meaning, so cached scans of the old shape are not read. */
export const LAYER_SCAN_FORMAT = 1;

export type LayerEntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other';

export interface LayerEntry {
  /** For a whiteout, the path it removes; for an opaque marker, the directory it empties. */
  path: string;
  /** other: devices, FIFOs and unknown tar types, which only replace what was at their path. */
  kind: LayerEntryKind;
  /** Regular files: the size counted against maxBytes. */
  size?: number;
  /** Regular files that are ELF. */
  elf?: ElfInfo;
  /** Hard links: the normalised path linked to; symlinks: the target as written. */
  linkTarget?: string;
}

/** What one layer holds, independent of the platform it is audited for: JSON, so it can be cached. */
export interface LayerScan {
  /** In archive order, without the root directory. */
  entries: LayerEntry[];
  scannedFiles: number;
  scannedBytes: number;
  /** Why the scan stopped early; entries then end where it stopped. */
  truncated?: string;
}

const entryKinds = new Set<string>(['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'other']);
const elfInfoTypes = new Set<string>(['executable', 'shared', 'relocatable', 'core', 'other']);

function isElfInfo(value: unknown): value is ElfInfo {
  const info = value as Partial<ElfInfo> | null;
  return (
    typeof info === 'object' &&
    info !== null &&
    typeof info.machine === 'string' &&
    (info.bits === 32 || info.bits === 64) &&
    typeof info.littleEndian === 'boolean' &&
    elfInfoTypes.has(info.type ?? '')
  );
}

/** Whether parsed JSON is a LayerScan, so a damaged cache file is read as a miss, not as an empty layer. */
export function isLayerScan(value: unknown): value is LayerScan {
  const scan = value as Partial<LayerScan> | null;
  if (typeof scan !== 'object' || scan === null || !Array.isArray(scan.entries)) return false;
  if (!Number.isSafeInteger(scan.scannedFiles) || !Number.isSafeInteger(scan.scannedBytes)) return false;
  if (scan.truncated !== undefined && typeof scan.truncated !== 'string') return false;
  return scan.entries.every((item: unknown) => {
    const entry = item as Partial<LayerEntry> | null;
    return (
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.path === 'string' &&
      entryKinds.has(entry.kind ?? '') &&
      (entry.size === undefined || Number.isSafeInteger(entry.size)) &&
      (entry.elf === undefined || isElfInfo(entry.elf)) &&
      (entry.linkTarget === undefined || typeof entry.linkTarget === 'string')
    );
  });
}

/**
 * Reads one layer (tar, optionally gzip or zstd), keeping each entry's kind and, for regular files,
 * the ELF header from their first 64 bytes. `counted` is what lower layers already used of the limits.
 */
export async function scanLayer(
  stream: NodeJS.ReadableStream,
  limits: AuditLimits,
  counted: { files: number; bytes: number } = { files: 0, bytes: 0 }
): Promise<LayerScan> {
  const entries: LayerEntry[] = [];
  let scannedFiles = 0;
  let scannedBytes = 0;
  let truncated: string | undefined;
  const source = tarBytes(stream);
  const tar = new TarReader(new ByteReader(source));
  try {
    for (;;) {
      if (limits.deadline !== undefined && Date.now() > limits.deadline) {
        truncated = 'time limit reached';
        break;
      }
      const entry = await tar.next();
      if (!entry) break;
      const slash = entry.path.lastIndexOf('/');
      const base = entry.path.slice(slash + 1);
      const parent = entry.path.slice(0, slash) || '/';
      if (base === OPAQUE) {
        entries.push({ path: parent, kind: 'opaque' });
      } else if (base.startsWith(WHITEOUT)) {
        entries.push({ path: normalisePath(`${parent}/${base.slice(WHITEOUT.length)}`), kind: 'whiteout' });
      } else if (entry.path === '/') {
        continue;
      } else if (entry.type === 'file') {
        if (counted.files + scannedFiles >= limits.maxFiles) {
          truncated = `file limit ${limits.maxFiles} reached`;
          break;
        }
        if (counted.bytes + scannedBytes + entry.size > limits.maxBytes) {
          truncated = `size limit of ${limits.maxBytes} bytes reached`;
          break;
        }
        scannedFiles++;
        scannedBytes += entry.size;
        const elf = readElfHeader(await tar.readHead(HEAD_BYTES));
        entries.push({ path: entry.path, kind: 'file', size: entry.size, ...(elf ? { elf } : {}) });
      } else if (entry.type === 'hardlink') {
        entries.push({ path: entry.path, kind: 'hardlink', linkTarget: entry.linkTarget });
      } else if (entry.type === 'symlink') {
        entries.push({ path: entry.path, kind: 'symlink', linkTarget: entry.linkName });
      } else {
        entries.push({ path: entry.path, kind: entry.type === 'directory' ? 'dir' : 'other' });
      }
    }
    if (!truncated) await tar.drain();
  } finally {
    // Stops (and so destroys) the stream when the scan ended early; a no-op once drained.
    await source.return(undefined);
  }
  const scan: LayerScan = { entries, scannedFiles, scannedBytes };
  if (truncated) scan.truncated = truncated;
  return scan;
}

/**
 * Applies scanned layers in order (whiteouts, opaque directories, hard links) and lists the
 * executables and shared objects built for another architecture than `platform`. With limits,
 * files past maxFiles or maxBytes, counted across the layers, are left out as unread.
 */
export function composeAudit(
  platform: Platform,
  scans: readonly LayerScan[],
  ignoreGlobs: string[],
  limits?: Pick<AuditLimits, 'maxFiles' | 'maxBytes'>
): AuditResult {
  const expected = expectedMachine(platform);
  const name = formatPlatform(platform);
  if (!expected) throw new Error(`No ELF architecture is known for ${name}, so its files cannot be audited`);
  const ignore = ignoreGlobs.filter((glob) => glob.trim() !== '').map(globToRegExp);
  const files = new LayeredFiles();
  let scannedFiles = 0;
  let scannedBytes = 0;
  let truncated: string | undefined;

  for (const scan of scans) {
    const changes: LayerChanges = { removed: [], opaque: [], entries: new Map(), directories: new Set() };
    for (const entry of scan.entries) {
      if (entry.kind === 'opaque') {
        changes.opaque.push(entry.path);
      } else if (entry.kind === 'whiteout') {
        changes.removed.push(entry.path);
      } else if (entry.kind === 'file') {
        const size = entry.size ?? 0;
        if (limits && scannedFiles >= limits.maxFiles) {
          truncated = `file limit ${limits.maxFiles} reached`;
          break;
        }
        if (limits && scannedBytes + size > limits.maxBytes) {
          truncated = `size limit of ${limits.maxBytes} bytes reached`;
          break;
        }
        scannedFiles++;
        scannedBytes += size;
        // A fresh object per file: identity marks hard links, and one scan may be applied twice.
        changes.entries.set(entry.path, entry.elf ? { ...entry.elf } : null);
      } else if (entry.kind === 'hardlink') {
        const target = entry.linkTarget ?? '';
        const info = changes.entries.has(target) ? changes.entries.get(target) : files.elf.get(target);
        changes.entries.set(entry.path, info ?? null);
      } else {
        changes.entries.set(entry.path, null);
        if (entry.kind === 'dir') changes.directories.add(entry.path);
      }
    }
    truncated ??= scan.truncated;
    // Whatever was read of a truncated layer still counts.
    files.apply(changes);
    if (truncated) break;
  }

  const reported = new Set<ElfInfo>();
  const seen = new Set<ElfInfo>();
  const mismatches: AuditFinding[] = [];
  for (const [path, info] of files.elf) {
    seen.add(info);
    if (reported.has(info) || !isMismatch(info, expected) || ignore.some((glob) => glob.test(path))) continue;
    reported.add(info);
    mismatches.push({ path, info: { ...info } });
  }
  const result: AuditResult = { platform: name, scannedFiles, scannedBytes, elfFiles: seen.size, mismatches };
  if (truncated) result.truncated = truncated;
  return result;
}

/**
 * Reads image layers (tar, optionally gzip) in order and lists the executables and shared objects
 * built for another architecture than `platform`, after whiteouts, reading 64 bytes per file.
 */
export async function auditLayers(
  platform: Platform,
  layers: AsyncIterable<NodeJS.ReadableStream> | Iterable<NodeJS.ReadableStream>,
  ignoreGlobs: string[],
  limits: AuditLimits
): Promise<AuditResult> {
  if (!expectedMachine(platform))
    throw new Error(`No ELF architecture is known for ${formatPlatform(platform)}, so its files cannot be audited`);
  const scans: LayerScan[] = [];
  const counted = { files: 0, bytes: 0 };
  let layerNumber = 0;
  for await (const layer of layers) {
    layerNumber++;
    let scan: LayerScan;
    try {
      scan = await scanLayer(layer, limits, counted);
    } catch (error) {
      throw new Error(`Layer ${layerNumber}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error
      });
    }
    scans.push(scan);
    counted.files += scan.scannedFiles;
    counted.bytes += scan.scannedBytes;
    if (scan.truncated) break;
  }
  return composeAudit(platform, scans, ignoreGlobs, limits);
}

function machineLabel(info: ElfInfo, expected: ReturnType<typeof expectedMachine>): string {
  const label = info.machine === 'other' ? 'unknown-architecture' : info.machine;
  const details: string[] = [];
  if (!expected || info.bits !== expected.bits) details.push(`${info.bits}-bit`);
  if (expected && info.machine === expected.machine && info.littleEndian !== expected.littleEndian) {
    details.push(info.littleEndian ? 'little-endian' : 'big-endian');
  }
  return details.length ? `${label} (${details.join(', ')})` : label;
}

function listPaths(paths: string[], limit = 10): string {
  const shown = paths.slice(0, limit).join(', ');
  return paths.length > limit ? `${shown} and ${paths.length - limit} more` : shown;
}

/** One message for a failed audit: what was found where, and the usual causes. */
export function describeMismatch(result: AuditResult): string {
  const stopped = result.truncated ? ` (scan stopped early: ${result.truncated})` : '';
  if (result.mismatches.length === 0) {
    return `${result.platform} image has no executables for another architecture among ${result.elfFiles} ELF files${stopped}.`;
  }
  const [os = '', architecture = ''] = result.platform.split('/');
  const expected = expectedMachine({ os, architecture });
  const labels = new Map<string, string[]>();
  for (const finding of result.mismatches) {
    const label = machineLabel(finding.info, expected);
    labels.set(label, [...(labels.get(label) ?? []), finding.path]);
  }
  const paths = result.mismatches.map((finding) => finding.path);
  const [onlyLabel] = labels.keys();
  const summary =
    labels.size === 1
      ? `${result.platform} image contains ${onlyLabel} executables: ${listPaths(paths)}`
      : `${result.platform} image contains executables for other architectures (${[...labels.entries()]
          .map(([label, found]) => `${label}: ${found.length}`)
          .join(
            ', '
          )}): ${listPaths(result.mismatches.map((finding) => `${finding.path} (${machineLabel(finding.info, expected)})`))}`;
  const hint =
    'Likely causes: a prebuilt binary downloaded or copied for one architecture (choose it with the TARGETARCH build argument), ' +
    'or a base image pinned to one architecture (FROM --platform=linux/amd64, or a single-platform digest).';
  return `${summary}${stopped}. ${hint}`;
}
