// The benchmarks' big image: the Python fixture's python3 base (scripts/build-fixture-python.sh) with
// about 200 MB of real ELF files added per platform (each platform's Debian root filesystem ADDed
// under several paths: different paths make different layers), for linux/amd64 and linux/arm64, and
// one small file on top that changes before every build: the shape of most CI rebuilds, where the
// registry already holds every layer but the last. Its context is kept in .bench/ (gitignored) so
// the build cache holds across runs.
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Root filesystems ADDed per platform (68 MB for amd64, 83 MB for arm64 each): about 200-250 MB. */
export const bigLayers = Number(process.env.MAB_BENCH_BIG_LAYERS ?? 3);
export const BIG_PLATFORMS = 'linux/amd64,linux/arm64';
const CHANGED_FILE = 'changed.txt';
/**
 * MAB_BENCH_BIG_COPY_LINK=1: the small file is copied with `COPY --link`, which does not need the
 * layers below it unpacked (a layer of its own, rebased at export), in its own context directory.
 */
export const bigCopyLink = process.env.MAB_BENCH_BIG_COPY_LINK === '1';

/** The big image's build context, on `python` (the fixture's env file); `.touch()` changes its small file. */
export function bigFixture(python, name = bigCopyLink ? 'fixture-big-link' : 'fixture-big') {
  const dir = path.resolve('.bench', name);
  mkdirSync(dir, { recursive: true });
  const fixtureDir = path.dirname(python.MAB_FIXTURE_PYTHON_APP);
  for (const arch of ['amd64', 'arm64']) {
    const source = path.join(fixtureDir, `rootfs-${arch}.tar`);
    const target = path.join(dir, `rootfs-${arch}.tar`);
    if (existsSync(target) && statSync(target).ino === statSync(source).ino) continue;
    rmSync(target, { force: true });
    try {
      linkSync(source, target);
    } catch {
      copyFileSync(source, target);
    }
  }
  const adds = Array.from({ length: bigLayers }, (_, n) => `ADD rootfs-\${TARGETARCH}.tar /opt/${n + 1}/\n`);
  const dockerfile = `FROM ${python.MAB_FIXTURE_PYTHON_BASE}\nARG TARGETARCH\n${adds.join('')}COPY ${bigCopyLink ? '--link ' : ''}${CHANGED_FILE} /etc/${CHANGED_FILE}\nCMD ["python3"]\n`;
  const file = path.join(dir, 'Dockerfile');
  if (!existsSync(file) || readFileSync(file, 'utf8') !== dockerfile) writeFileSync(file, dockerfile);
  let count = 0;
  const touch = () => writeFileSync(path.join(dir, CHANGED_FILE), `build ${Date.now()}-${process.pid}-${++count}\n`);
  touch();
  return { context: dir, touch };
}

const BINFMT = '/proc/sys/fs/binfmt_misc';
const qemuArch = {
  arm64: 'aarch64',
  'arm/v7': 'arm',
  'arm/v6': 'arm',
  riscv64: 'riscv64',
  s390x: 's390x',
  ppc64le: 'ppc64le'
};

/**
 * The QEMU emulators the bare builds need (the action registers its own; other work on this machine
 * may have removed them): registered from the host's binfmt.d when missing. Returns what it did.
 */
export function ensureEmulators(platforms) {
  const added = [];
  for (const platform of platforms.split(',')) {
    const arch = qemuArch[platform.replace(/^linux\//, '')];
    if (!arch || existsSync(path.join(BINFMT, `qemu-${arch}`))) continue;
    const line = readFileSync(`/usr/lib/binfmt.d/qemu-${arch}.conf`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith(':'));
    try {
      if (line) writeFileSync(path.join(BINFMT, 'register'), line);
      added.push(arch);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
  return added;
}
