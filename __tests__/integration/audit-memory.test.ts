// The audit remembers across runners: runs of the bundled action on "fresh runners" (each its own
// HOME, workspace, RUNNER_TEMP and tool cache, so no local scan cache) that share one loopback
// GitHub Actions cache service. A later run reads only the layers no earlier run read; a shared
// record that is not bound to its layer digest and to this audit's rules is never trusted.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fixtureContext, pullRequestEnv, registryInputs, runLocal, uniqueRepository } from '../helpers/e2e.js';
import { FakeCacheService, type CacheEntry } from '../helpers/actions-cache-fake.js';

type Run = Awaited<ReturnType<typeof runLocal>>;

const platforms = 'linux/amd64,linux/arm64';
const appDockerfile = 'FROM scratch\nARG TARGETARCH\nCOPY busybox-${TARGETARCH} /bin/busybox\nCOPY app.txt /app.txt\n';
// Every platform gets the arm64 busybox as a tool: the amd64 image carries an aarch64 binary.
const foreignDockerfile =
  'FROM scratch\nARG TARGETARCH\nCOPY busybox-${TARGETARCH} /bin/busybox\nCOPY busybox-arm64 /foreign\n';

/** A runner as a hosted job gets it: its own home and workspace, laid out as GitHub's are. */
function freshRunner(): Record<string, string> {
  const root = mkdtempSync(path.join(tmpdir(), 'mab-runner-'));
  const home = path.join(root, 'home');
  const workspace = path.join(root, 'work', 'app', 'app');
  mkdirSync(home, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  return { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), GITHUB_WORKSPACE: workspace };
}

function figures(run: Run): { read: number; shared: number; line: string; log: string[] } {
  const line = run.main.stdout
    .split('\n')
    .find((text) => text.startsWith('Architecture audit: ') && /layer\(s\) read/.test(text));
  if (!line) throw new Error(`no audit line in:\n${run.main.stdout}`);
  const read = /(\d+) layer\(s\) read/.exec(line)?.[1];
  const shared = /(\d+) from the shared cache/.exec(line)?.[1];
  // What the cache client said, shown by a failed match: which entry it found, which compression it chose.
  const log = run.main.stdout.split('\n').filter((text) => /zstd|compress|cache|restore/i.test(text));
  return { read: Number(read), shared: Number(shared ?? NaN), line, log };
}

/** The audit's figures, with what the cache client said when they are not the ones expected. */
function expectFigures(run: Run, read: number, shared: number): string {
  const found = figures(run);
  if (found.read !== read || found.shared !== shared)
    throw new Error(`expected ${read} read and ${shared} shared, got:\n${found.line}\n${found.log.join('\n')}`);
  return found.line;
}

const bundleFile = 'scans.json';

/** Unpacks an entry's archive (zstd or gzip tar, as @actions/cache made it), edits its bundle, packs it again. */
function tampered(
  entry: CacheEntry,
  edit: (bundle: { records: Record<string, Record<string, unknown>> }) => void
): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-tamper-'));
  // The members are relative to the saving run's workspace (../../../home/...): unpack three levels down.
  const base = path.join(dir, 'a', 'b', 'c');
  mkdirSync(base, { recursive: true });
  const archive = path.join(dir, 'entry.tar');
  writeFileSync(archive, entry.archive);
  const zstd = entry.archive.readUInt32LE(0) === 0xfd2fb528;
  const program = zstd ? ['--use-compress-program', 'zstd'] : ['-z'];
  const listed = spawnSync('tar', ['-tf', archive, '-P', ...program], { encoding: 'utf8' });
  const member = listed.stdout.split('\n').find((name) => name.endsWith(bundleFile));
  if (!member) throw new Error(`no ${bundleFile} in the entry: ${listed.stdout}${listed.stderr}`);
  expect(spawnSync('tar', ['-xf', archive, '-P', '-C', base, ...program]).status).toBe(0);
  const file = path.join(base, member);
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as { records: Record<string, Record<string, unknown>> };
  edit(bundle);
  writeFileSync(file, JSON.stringify(bundle));
  const packed = path.join(dir, 'tampered.tar');
  expect(spawnSync('tar', ['--posix', '-cf', packed, '-P', '-C', base, ...program, member]).status).toBe(0);
  return readFileSync(packed);
}

type Scan = { entries: { path: string; elf?: unknown }[] };

/** The records whose scan holds /foreign (one layer, as both platforms COPY the same file to the root). */
function foreignRecords(bundle: { records: Record<string, Record<string, unknown>> }): [string, Scan][] {
  const found = Object.entries(bundle.records)
    .map(([digest, record]): [string, Scan] => [digest, record['scan'] as Scan])
    .filter(([, scan]) => scan.entries.some((entry) => entry.path === '/foreign'));
  expect(found).toHaveLength(1);
  return found;
}

/** The forgery: the foreign binary's layer said to hold no ELF file at all. */
function forgeClean(scan: Scan): void {
  for (const entry of scan.entries) delete entry.elf;
}

describe('the audit remembers across runners through the GitHub Actions cache', () => {
  const cache = new FakeCacheService();
  const repository = uniqueRepository('audit-memory');
  const run = (context: string, env: Record<string, string> = cache.env()): Promise<Run> =>
    runLocal(
      { context, image: repository, platforms, ...registryInputs() },
      { env: { ...pullRequestEnv(22), ...freshRunner(), ...env } }
    );

  beforeAll(() => cache.start());
  afterAll(() => cache.stop());

  it('a second fresh runner reads only the layer that changed, and says how many came from the shared cache', async () => {
    const first = await run(fixtureContext(appDockerfile, { 'app.txt': 'one\n' }));
    expect(first.main.code).toBe(0);
    // busybox for amd64 and for arm64, and the app layer both platforms share.
    expectFigures(first, 3, 0);
    expect(cache.calls).toEqual([
      'GetCacheEntryDownloadURL',
      'CreateCacheEntry',
      expect.stringMatching(/^PUT /),
      'FinalizeCacheEntryUpload'
    ]);

    // A new context is a new file time, and COPY keeps it: a layer of its own. The third run reuses this one.
    const changed = fixtureContext(appDockerfile, { 'app.txt': 'two\n' });
    const second = await run(changed);
    expect(second.main.code).toBe(0);
    const after = expectFigures(second, 1, 2);
    expect(after).toMatch(/0 from the scan cache/);
    expect(after).toMatch(/3 shared scan\(s\) restored from multiarch-build-push-audit-/);
    expect(after).not.toMatch(/not trusted/);
    // A fresh runner's restore starts while the build runs (its scans are wanted whatever was built), before the build's report.
    const lines = second.main.stdout.split('\n');
    const restoring = lines.indexOf(
      'Architecture audit: restoring the scans earlier runs shared, while the build runs'
    );
    expect(restoring).toBeGreaterThan(lines.findIndex((line) => line.includes(' buildx build ')));
    expect(restoring).toBeLessThan(lines.findIndex((line) => line.startsWith('Build: ')));
    // One restore before the audit, one save after it.
    expect(cache.calls.slice(4).filter((call) => !/^(PUT|GET) /.test(call))).toEqual([
      'GetCacheEntryDownloadURL',
      'CreateCacheEntry',
      'FinalizeCacheEntryUpload'
    ]);

    // Nothing new read: nothing new saved.
    const third = await run(changed);
    expectFigures(third, 0, 3);
    expect(cache.calls.slice(-2)).toEqual(['GetCacheEntryDownloadURL', expect.stringMatching(/^GET /)]);
  });

  it('a rebuild that changed one small layer saves nothing: the next run reads that layer again', async () => {
    // 300 files in one layer: a bundle far larger than the few kB the changed file's layer reads.
    const dockerfile = appDockerfile.replace('COPY app.txt', 'COPY data /data\nCOPY app.txt');
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`data/file-${index}.txt`, 'x\n']));
    const context = fixtureContext(dockerfile, { ...files, 'app.txt': 'one\n' });
    const saves = (from: number): string[] => cache.calls.slice(from).filter((call) => call === 'CreateCacheEntry');
    let calls = cache.calls.length;
    const first = await run(context);
    expect(first.main.code).toBe(0);
    expect(saves(calls)).toHaveLength(1);

    // Only app.txt changes (the other files keep their times): one new layer of a few kB.
    writeFileSync(path.join(context, 'app.txt'), 'two\n');
    for (const label of ['second', 'third']) {
      calls = cache.calls.length;
      const again = await run(context);
      expect(again.main.code).toBe(0);
      // busybox for amd64 and arm64 and the data layer from the shared cache; the app layer read.
      const line = expectFigures(again, 1, 3);
      expect(`${label} run: ${line}`).toMatch(/run: .*1 new scan\(s\) not shared: \d+ bytes/);
      expect(`${label} run: ${saves(calls).length} save(s)`).toBe(`${label} run: 0 save(s)`);
    }
  });

  describe('a tampered entry never turns the failing layer into a pass', () => {
    const context = fixtureContext(foreignDockerfile);
    let genuine: CacheEntry | undefined;
    let prefix = '';

    beforeAll(async () => {
      const first = await run(context);
      expect(first.main.code).toBe(1);
      expect(first.main.stdout).toMatch(/::error::.*\/foreign/);
      genuine = cache.newest('multiarch-build-push-audit-');
      prefix = genuine?.key.slice(0, -24) ?? '';
    });

    const plantAndRun = async (name: string, edit: Parameters<typeof tampered>[1]): Promise<Run> => {
      const entry = genuine as CacheEntry;
      cache.plant(`${prefix}${name.padEnd(24, '0').slice(0, 24)}`, entry.version, tampered(entry, edit));
      return run(context);
    };

    it('bound to other rules (another build of the action, or forged): not trusted, the layer is read and fails', async () => {
      const second = await plantAndRun('otherrules', (bundle) => {
        const [[digest, scan]] = foreignRecords(bundle) as [[string, Scan]];
        forgeClean(scan);
        (bundle.records[digest] as Record<string, unknown>)['rules'] = '0'.repeat(64);
      });
      expect(second.main.code).toBe(1);
      expect(second.main.stdout).toMatch(/::error::.*\/foreign/);
      expectFigures(second, 1, 2);
      expect(figures(second).line).toMatch(
        /1 not trusted \(not bound to their layer digest or to this audit's rules\)/
      );
    });

    it('filed under a digest it does not name: not trusted, the layer is read and fails', async () => {
      const second = await plantAndRun('otherdigest', (bundle) => {
        const [[digest, scan]] = foreignRecords(bundle) as [[string, Scan]];
        forgeClean(scan);
        (bundle.records[digest] as Record<string, unknown>)['digest'] = `sha256:${'e'.repeat(64)}`;
      });
      expect(second.main.code).toBe(1);
      expect(second.main.stdout).toMatch(/::error::.*\/foreign/);
      expectFigures(second, 1, 2);
      expect(figures(second).line).toMatch(/1 not trusted/);
    });

    it('the control: the same forgery correctly bound is trusted (who can write the cache scope is the boundary)', async () => {
      const second = await plantAndRun('boundforgery', (bundle) =>
        forgeClean((foreignRecords(bundle)[0] as [string, Scan])[1])
      );
      expectFigures(second, 0, 3);
      expect(second.main.code).toBe(0);
    });
  });

  it('a cache service that cannot be reached warns and the audit reads every layer', async () => {
    const unreachable = { ...cache.env(), ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' };
    const alone = await run(fixtureContext(appDockerfile, { 'app.txt': 'three\n' }), unreachable);
    expect(alone.main.code).toBe(0);
    expectFigures(alone, 3, 0);
    expect(alone.main.stdout).toMatch(/::warning::.*(restore|Failed)/i);
  });

  it('a failed build does not wait for a cache service that never answers: main stops the restore and ends', async () => {
    // Accepts every request and answers none, as a cache service in an outage can.
    const held: ServerResponse[] = [];
    const silent = createServer((_request, response) => held.push(response));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const failing = fixtureContext('FROM scratch\nCOPY app.txt /app.txt\nRUN ["/no-such-tool"]\n', {
        'app.txt': 'x\n'
      });
      const failed = await run(failing, { ...cache.env(), ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` });
      expect(failed.main.code).toBe(1);
      expect(failed.main.stdout).toMatch(/::error::.*no-such-tool/);
      // Asked, never answered, and left behind by name.
      expect(held.length).toBeGreaterThan(0);
      expect(failed.main.stdout).toContain(
        'Main is done; still running 5 s later, and stopped: restoring the shared scans.'
      );
    } finally {
      for (const response of held) response.destroy();
      silent.close();
    }
  });

  it('arch-audit-cache: false asks the cache service nothing', async () => {
    const calls = cache.calls.length;
    const alone = await runLocal(
      {
        context: fixtureContext(appDockerfile, { 'app.txt': 'one\n' }),
        image: repository,
        platforms,
        'arch-audit-cache': 'false',
        ...registryInputs()
      },
      { env: { ...pullRequestEnv(22), ...freshRunner(), ...cache.env() } }
    );
    expect(alone.main.code).toBe(0);
    expect(figures(alone).read).toBe(3);
    expect(figures(alone).line).not.toMatch(/shared cache/);
    expect(cache.calls.length).toBe(calls);
  });
});
