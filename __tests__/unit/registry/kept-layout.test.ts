// The kept OCI layout of the docker driver's releases: one job at a time holds it (a lock whose
// process is gone is taken over), it is private to the runner's user, and releasing it prunes it to
// the last image; whenever it cannot be had, the job's own throwaway layout is used instead.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { holdKeptLayout, keptLayoutRoot, LayoutOnDemand, pruneLayout } from '../../../src/registry/kept-layout.js';
import { writeLayout } from '../../helpers/oci-layouts.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-kept-layout-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const freshEnv = (): NodeJS.ProcessEnv => ({ XDG_CACHE_HOME: mkdtempSync(path.join(root, 'cache-')) });
const fallbackDir = (): string => path.join(mkdtempSync(path.join(root, 'job-')), 'image-layout');
const amd64 = { architecture: 'amd64', os: 'linux' };

describe('keptLayoutRoot', () => {
  it.each([
    [{ XDG_CACHE_HOME: '/x', HOME: '/h', RUNNER_TOOL_CACHE: '/t' }, '/x/multiarch-build-push/oci-layouts'],
    [{ HOME: '/h', RUNNER_TOOL_CACHE: '/t' }, '/t/multiarch-build-push/oci-layouts'],
    [{ RUNNER_TOOL_CACHE: '/t' }, '/t/multiarch-build-push/oci-layouts'],
    [{}, undefined]
  ])('%j gives %s', (env, expected) => {
    expect(keptLayoutRoot(env)).toBe(expected);
  });
});

describe('holdKeptLayout', () => {
  it('gives the same directory to the same image, another to another, one job at a time', async () => {
    const env = freshEnv();
    const first = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env });
    expect(first.kept).toBe(true);
    expect(first.dir.startsWith(keptLayoutRoot(env) ?? '?')).toBe(true);
    // A second job on the runner while the first holds it: its own layout, and why.
    const busy = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env });
    expect(busy.kept).toBe(false);
    expect(busy.dir).not.toBe(first.dir);
    expect(busy.why).toBe('another job on this runner is releasing this image');
    const other = holdKeptLayout({ key: 'another image', fallbackDir: fallbackDir(), env });
    expect(other.kept).toBe(true);
    expect(other.dir).not.toBe(first.dir);
    writeLayout(first.dir, [amd64]);
    expect(await first.release()).toContain('0 blob(s) of earlier releases removed');
    const again = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env });
    expect(again.kept).toBe(true);
    expect(again.dir).toBe(first.dir);
  });

  it('takes over the lock of a job that is gone', () => {
    const env = freshEnv();
    const first = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env });
    // A pid no process has (above the kernel's pid_max).
    writeFileSync(`${first.dir}.lock`, '99999999');
    const next = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env });
    expect(next.kept).toBe(true);
    expect(next.dir).toBe(first.dir);
  });

  it('uses the job own layout where no private place can be had', () => {
    expect(holdKeptLayout({ key: 'app', fallbackDir: 'job-dir', env: {} })).toMatchObject({
      dir: 'job-dir',
      kept: false,
      why: 'neither XDG_CACHE_HOME, HOME nor RUNNER_TOOL_CACHE is set'
    });
    // Another user's directory: never written to.
    const env = freshEnv();
    const layouts = keptLayoutRoot(env) ?? '';
    mkdirSync(layouts, { recursive: true });
    const held = holdKeptLayout({ key: 'app', fallbackDir: 'job-dir', env, uid: 12345 });
    expect(held).toMatchObject({ dir: 'job-dir', kept: false });
    expect(held.why).toContain('belongs to uid');
    // A base every user may rename things in.
    const open = freshEnv();
    const base = path.join(open['XDG_CACHE_HOME'] ?? '', 'multiarch-build-push');
    mkdirSync(base);
    chmodSync(base, 0o777);
    expect(holdKeptLayout({ key: 'app', fallbackDir: 'job-dir', env: open }).why).toContain('writable by every user');
  });

  it('a throwaway layout is removed when released', async () => {
    const dir = fallbackDir();
    const held = holdKeptLayout({ key: 'app', fallbackDir: dir, env: {} });
    writeLayout(dir, [amd64]);
    await held.release();
    expect(existsSync(dir)).toBe(false);
  });

  it('a kept layout that cannot be read back is removed, and the lock given back', async () => {
    const env = freshEnv();
    const held = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env });
    mkdirSync(path.join(held.dir, 'blobs'), { recursive: true });
    expect(await held.release()).toContain('removed: buildx wrote no readable OCI layout');
    expect(existsSync(held.dir)).toBe(false);
    expect(existsSync(`${held.dir}.lock`)).toBe(false);
  });
});

describe('LayoutOnDemand', () => {
  it('holds the kept layout only when an export asks for it, once, and gives the lock back on release', async () => {
    const env = freshEnv();
    const onDemand = new LayoutOnDemand(() => holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env }));
    // A release whose builder pushes by digest never asks: no lock, and another job may hold the layout.
    const other = holdKeptLayout({ key: 'app', fallbackDir: fallbackDir(), env });
    expect(other.kept).toBe(true);
    expect(await onDemand.release()).toBeUndefined();
    expect(existsSync(`${other.dir}.lock`)).toBe(true);
    writeLayout(other.dir, [amd64]);
    await other.release();
    // Asked for: held from then on, the same layout each time.
    const held = onDemand.get();
    expect(held.kept).toBe(true);
    expect(onDemand.get()).toBe(held);
    expect(existsSync(`${held.dir}.lock`)).toBe(true);
    expect(await onDemand.release()).toContain('0 blob(s) of earlier releases removed');
    expect(existsSync(`${held.dir}.lock`)).toBe(false);
  });
});

describe('pruneLayout', () => {
  it('keeps exactly the blobs the image names', async () => {
    const dir = path.join(root, 'prune');
    const written = writeLayout(dir, [amd64, { architecture: 'arm64', os: 'linux' }]);
    const before = readdirSync(path.join(dir, 'blobs', 'sha256')).sort();
    writeFileSync(path.join(dir, 'blobs', 'sha256', 'b'.repeat(64)), 'old layer');
    writeFileSync(path.join(dir, 'blobs', 'sha256', 'c'.repeat(64)), 'old config');
    mkdirSync(path.join(dir, 'ingest', 'half-written'), { recursive: true });
    expect(await pruneLayout(dir)).toBe(2);
    expect(readdirSync(path.join(dir, 'blobs', 'sha256')).sort()).toStrictEqual(before);
    expect(existsSync(path.join(dir, 'ingest'))).toBe(false);
    expect(written.digest).toMatch(/^sha256:/);
  });
});
