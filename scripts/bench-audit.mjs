// The architecture audit's side of the benchmark: which layers of an exported layout the audit
// reads (the image's minus its base image's), the floor of reading them (decompressing exactly those
// layers, FLOOR_CONCURRENCY at a time, from disk, the output discarded), and what the action's debug
// `timing:` lines and the audit's own line said.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { goal, mb, median, ms, ratio, thousands } from './bench-table.mjs';

const FLOOR_CHUNK_BYTES = 256 * 1024;
// As many layers at once as the audit reads (LAYER_CONCURRENCY in src/checks/audit/arch-audit.ts).
export const FLOOR_CONCURRENCY = 4;
const AUDIT = 'Architecture audit';
const elapsed = (started) => Number(process.hrtime.bigint() - started) / 1e6;

let readerConfig = process.env.DOCKER_CONFIG ?? '';
/** The Docker config (with the registry login) that inspectRaw reads the registry with. */
export function useDockerConfig(dir) {
  readerConfig = dir;
}

export function inspectRaw(reference) {
  const result = spawnSync('docker', ['buildx', 'imagetools', 'inspect', '--raw', reference], {
    env: { ...process.env, DOCKER_CONFIG: readerConfig },
    encoding: 'utf8'
  });
  if (result.status !== 0) throw new Error(`imagetools inspect --raw ${reference} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

const platformName = ({ os, architecture, variant }) => [os, architecture, variant].filter(Boolean).join('/');
const isImagePlatform = (entry) => entry.platform && entry.platform.os !== 'unknown';

/** Layer descriptors per platform of an image, read with `readDocument(digest or reference)`. */
export function layersByPlatform(top, readDocument) {
  const entries = top.manifests ? top.manifests.filter(isImagePlatform) : [];
  return new Map(entries.map((entry) => [platformName(entry.platform), readDocument(entry.digest).layers ?? []]));
}

/** The base image's layer digests per platform, from the registry. */
export function baseLayers(reference) {
  const repository = reference.slice(0, reference.lastIndexOf(':'));
  const layers = layersByPlatform(inspectRaw(reference), (digest) => inspectRaw(`${repository}@${digest}`));
  return new Map([...layers].map(([name, list]) => [name, list.map((layer) => layer.digest)]));
}

/**
 * What the audit reads in an exported layout: per platform, the layers after the base image's
 * (dropped when they lead that platform's layers), each distinct layer once.
 */
export function auditedLayers(layout, base) {
  const blob = (digest) => path.join(layout, 'blobs', ...digest.split(':'));
  const document = (digest) => JSON.parse(readFileSync(blob(digest), 'utf8'));
  const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8'));
  const top = index.manifests.length === 1 ? document(index.manifests[0].digest) : index;
  const platforms = [];
  const seen = new Map();
  for (const [name, layers] of layersByPlatform(top, document)) {
    const prefix = base?.get(name) ?? [];
    const skip = prefix.length > 0 && prefix.every((digest, i) => layers[i]?.digest === digest) ? prefix.length : 0;
    const read = layers.slice(skip);
    for (const layer of read)
      seen.set(layer.digest, { digest: layer.digest, size: layer.size, file: blob(layer.digest) });
    platforms.push({ name, skipped: skip, read: read.map((layer) => layer.digest) });
  }
  return { platforms, layers: [...seen.values()] };
}

/** Decompressor for a blob by its first bytes, as the audit picks it (gzip, zstd, or none). */
function decompressorFor(file) {
  const start = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  const length = readSync(fd, start, 0, 4, 0);
  closeSync(fd);
  // The fastest plain decompression: 256 KiB chunks (zlib's default is 16 KiB), as the audit reads them.
  if (start[0] === 0x1f && start[1] === 0x8b) return zlib.createGunzip({ chunkSize: FLOOR_CHUNK_BYTES });
  if (length === 4 && start.readUInt32LE(0) === 0xfd2fb528 && zlib.createZstdDecompress)
    return zlib.createZstdDecompress({ chunkSize: FLOOR_CHUNK_BYTES });
  return undefined;
}

/**
 * The floor: decompress every layer the audit reads, FLOOR_CONCURRENCY at a time, from disk, output
 * discarded. Its CPU time (user + system, this process's threads: the gunzip runs on libuv's) says
 * what the wall time means on a machine shared with other work.
 */
export async function timeFloor(layers) {
  const decompressors = layers.map((layer) => decompressorFor(layer.file));
  const outBytes = new Map();
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  async function worker() {
    while (next < layers.length) {
      const i = next++;
      let bytes = 0;
      const sink = new Writable({
        write(chunk, _encoding, done) {
          bytes += chunk.length;
          done();
        }
      });
      const source = createReadStream(layers[i].file, { highWaterMark: 1024 * 1024 });
      await (decompressors[i] ? pipeline(source, decompressors[i], sink) : pipeline(source, sink));
      outBytes.set(layers[i].digest, bytes);
    }
  }
  await Promise.all(Array.from({ length: FLOOR_CONCURRENCY }, worker));
  const ms = elapsed(started);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const bytesIn = layers.reduce((sum, layer) => sum + statSync(layer.file).size, 0);
  const bytesOut = [...outBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
  return { ms, cpuMs, layers: layers.length, bytesIn, bytesOut, outBytes };
}

/** The debug `timing: <phase> <n> ms` lines of main, by phase (the audit's own line apart). */
export function phaseTimings(stdout) {
  const timings = {};
  for (const match of stdout.matchAll(/^::debug::timing: (.+) (\d+) ms$/gm)) timings[match[1]] = Number(match[2]);
  const audit = timings[AUDIT];
  delete timings[AUDIT];
  return { phases: timings, audit };
}

/** The audit's `N layer(s) read (E entries, B bytes decompressed), C from the scan cache[, H from the shared cache (…)], S … skipped` line. */
export function auditFigures(stdout) {
  const match =
    /Architecture audit: (\d+) layer\(s\) read \((?:(\d+) entries, )?(\d+) bytes decompressed\), (\d+) from the scan cache(?:, (\d+) from the shared cache \(([^\n]*)\))?, (\d+) base image layer\(s\) skipped/.exec(
      stdout
    );
  if (!match) return undefined;
  const shared = match[5] === undefined ? {} : { shared: +match[5], sharedNote: match[6] };
  return { read: +match[1], bytes: +match[3], cached: +match[4], skipped: +match[7], ...shared };
}

/** Once per fixture: its layers per platform (what the audit reads), and whether the export's are the pushed image's. */
export function describeFixture({ fixture, layout, floor, base, pushedDigest }) {
  const read = auditedLayers(layout, base);
  for (const platform of read.platforms) {
    const sizes = new Map(read.layers.map((layer) => [layer.digest, layer.size]));
    const compressed = platform.read.reduce((sum, digest) => sum + sizes.get(digest), 0);
    const uncompressed = platform.read.reduce((sum, digest) => sum + (floor.outBytes.get(digest) ?? 0), 0);
    console.log(
      `fixture ${platform.name}: ${platform.read.length} layer(s) the audit reads, ${mb(compressed)} compressed, ${mb(uncompressed)} uncompressed; ${platform.skipped} base image layer(s) before them`
    );
  }
  if (!pushedDigest) return;
  const repository = fixture.reference.slice(0, fixture.reference.lastIndexOf(':'));
  const pushed = layersByPlatform(inspectRaw(`${repository}@${pushedDigest}`), (digest) =>
    inspectRaw(`${repository}@${digest}`)
  );
  const exported = auditedLayers(layout, undefined);
  const sizes = new Map(exported.layers.map((layer) => [layer.digest, layer.size]));
  // A fixture that changes a file per build (the big image) differs in that file's layer: say how much differs.
  const differing = exported.platforms.flatMap((platform) => {
    const pushedLayers = new Set((pushed.get(platform.name) ?? []).map((l) => l.digest));
    return platform.read.filter((digest) => !pushedLayers.has(digest));
  });
  const bytes = differing.reduce((sum, digest) => sum + (sizes.get(digest) ?? 0), 0);
  const verdict =
    differing.length === 0
      ? 'yes'
      : `all but ${differing.length} layer(s) of ${bytes} B compressed (the floor reads those instead of the audit's)`;
  console.log(
    `the exported layout's layers are the pushed image's (${fixture.repository}@${pushedDigest.slice(0, 19)}…): ${verdict}`
  );
}

export function auditAgainstFloor(results) {
  const fresh = results.fresh;
  const floor = results.floor;
  const floorMs = median(floor.map((entry) => entry.ms));
  const floorCpu = median(floor.map((entry) => entry.cpuMs).filter((value) => value !== undefined));
  const { layers, bytesIn, bytesOut } = floor[0];
  console.log(
    `floor: gunzip ${layers} layer(s), ${FLOOR_CONCURRENCY} at a time, from the exported layout: in ${thousands(bytesIn)} B (${mb(bytesIn)}), out ${thousands(bytesOut)} B (${mb(bytesOut)}): ${ms(floorMs)} (CPU, user + system: ${ms(floorCpu)})`
  );
  const audits = fresh.map((entry) => entry.audit).filter((value) => value !== undefined);
  const figures = fresh[0].auditFigures;
  const read = figures
    ? `${figures.read} layer(s) read, ${thousands(figures.bytes)} B decompressed, ${figures.cached} from the scan cache, ${figures.skipped} base layer(s) skipped`
    : 'no "Architecture audit: N layer(s) read" line';
  if (audits.length === 0) {
    console.log(`audit (empty scan cache): n/a: the bundle logs no "timing: ${AUDIT}" line (${read})`);
    return;
  }
  const auditMs = median(audits);
  const value = ratio(auditMs, floorMs);
  console.log(`audit (empty scan cache), its own timing line: ${ms(auditMs)} (${read})`);
  console.log(`audit / floor: ${value}${goal(value, 1.3)}`);
  const kept = (results.kept ?? []).map((entry) => entry.audit).filter((v) => v !== undefined);
  if (kept.length > 0) console.log(`audit with a kept scan cache: ${ms(median(kept))}`);
  sharedLine(results.shared ?? []);
}

/** The audit with its memory (arch-audit-cache: auto), as a hosted runner with the cache service has it. */
function sharedLine(runs) {
  const audits = runs.map((entry) => entry.audit).filter((value) => value !== undefined);
  if (runs.length === 0) return;
  const figures = runs.at(-1).auditFigures;
  const read = figures
    ? `${figures.read} layer(s) read, ${thousands(figures.bytes)} B decompressed, ${figures.shared ?? 'none'} from the shared cache`
    : 'no "Architecture audit: N layer(s) read" line';
  const time = audits.length > 0 ? ms(median(audits)) : 'n/a (no timing line)';
  console.log(
    `audit (m) with its memory, empty scan cache, scans restored from the Actions cache (a loopback fake of the cache service; a hosted runner adds a network round trip to it): ${time} (${read})`
  );
}
