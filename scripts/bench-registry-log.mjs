// What a run asked the registry for, read from the test registry's access log (Distribution writes
// one combined-format line per request, with the response's size): per repository, the blobs fetched
// (GET, and their bytes), the blobs asked about (HEAD) and the blobs uploaded (PUT of an upload).
// The bench reads the lines a run added (from the log's size before it) and keeps only the
// repositories it names, so other work on the same registry does not count.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { mb } from './bench-table.mjs';

export const REGISTRY_LOG = process.env.MAB_BENCH_REGISTRY_LOG ?? '/var/lib/mab-test/registry.log';

/** The log's size now: where the next run's lines start; undefined when there is no log to read. */
export function logMark(file = REGISTRY_LOG) {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

function readFrom(file, offset) {
  const size = statSync(file).size;
  const buffer = Buffer.alloc(Math.max(0, size - offset));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

const REQUEST = /"(GET|HEAD|PUT) \/v2\/(.+?)\/blobs\/(\S+) HTTP\/[\d.]+" (\d{3}) (\d+)/;

/** Blob requests per repository since `mark`, for the repositories in `repositories`. */
export function blobTraffic(mark, repositories, file = REGISTRY_LOG) {
  if (mark === undefined) return undefined;
  const traffic = Object.fromEntries(repositories.map((name) => [name, { gets: 0, bytes: 0, heads: 0, uploads: 0 }]));
  for (const line of readFrom(file, mark).split('\n')) {
    const match = REQUEST.exec(line);
    const entry = match && traffic[match[2]];
    if (!entry) continue;
    const [, method, , target, status, size] = match;
    if (method === 'GET' && status === '200') {
      entry.gets++;
      entry.bytes += Number(size);
    } else if (method === 'HEAD') entry.heads++;
    else if (method === 'PUT' && target.startsWith('uploads/') && status === '201') entry.uploads++;
  }
  return traffic;
}

/** `bench/x: 12 blob(s) fetched (450.1 MB), 14 HEAD, 3 uploaded`, one repository after another. */
export function describeTraffic(traffic) {
  if (traffic === undefined) return `registry traffic: n/a (no access log at ${REGISTRY_LOG})`;
  return Object.entries(traffic)
    .map(([name, t]) => `${name}: ${t.gets} blob(s) fetched (${mb(t.bytes)}), ${t.heads} HEAD, ${t.uploads} uploaded`)
    .join('; ');
}
