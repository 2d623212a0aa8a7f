// The architecture audit against the real registry: images pushed by plain docker buildx,
// read back over the distribution API with the login `docker login` stored.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { auditPushedImage, type ArchAuditOptions } from '../../src/checks/audit/arch-audit.js';
import { sessionReaders } from '../helpers/audit-registry.js';
import { parsePlatform } from '../../src/model/platforms.js';
import {
  busyboxDockerfile,
  docker,
  env,
  fixtureContext,
  inspectIndex,
  readerDockerConfig,
  uniqueRepository
} from '../helpers/e2e.js';
import type { PlatformAudit } from '../../src/model/checks.js';

const BINFMT = '/proc/sys/fs/binfmt_misc';
const amd64 = parsePlatform('linux/amd64');
const arm64 = parsePlatform('linux/arm64');
// Every platform gets the amd64 busybox, twice; no RUN, so nothing needs an emulator.
const wrongArchDockerfile = 'FROM scratch\nCOPY busybox-amd64 /bin/busybox\nCOPY busybox-amd64 /app/server\n';

/** Registers a QEMU handler from the host's binfmt.d when missing (other suites remove them). */
function ensureEmulator(arch: string): void {
  if (existsSync(path.join(BINFMT, `qemu-${arch}`))) return;
  const line = readFileSync(`/usr/lib/binfmt.d/qemu-${arch}.conf`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(':'));
  if (!line) throw new Error(`/usr/lib/binfmt.d/qemu-${arch}.conf has no registration line`);
  try {
    writeFileSync(path.join(BINFMT, 'register'), line);
  } catch (error) {
    // A parallel suite registering it first is just as good.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function buildAndPush(reference: string, dockerfile: string, platforms: string[], extra: string[] = []): void {
  const args = [
    'buildx',
    'build',
    '--network',
    'host',
    '--platform',
    platforms.join(','),
    ...extra,
    '--output',
    `type=image,name=${reference},push=true`,
    fixtureContext(dockerfile)
  ];
  let result = docker(args, { config: readerDockerConfig() });
  if (result.code !== 0 && /exec format error/i.test(result.stderr)) {
    // Another suite unregistered QEMU during the build.
    ensureEmulator('aarch64');
    result = docker(args, { config: readerDockerConfig() });
  }
  if (result.code !== 0) throw new Error(`docker buildx build for ${reference} failed:\n${result.stderr.slice(-4000)}`);
}

function digestOf(reference: string): string {
  const digest = inspectIndex(reference)?.digest;
  if (!digest) throw new Error(`${reference} is not in the registry after the push`);
  return digest;
}

const byPlatform = (audits: PlatformAudit[], platform: string): PlatformAudit => {
  const audit = audits.find((entry) => entry.platform === platform);
  if (!audit) throw new Error(`no audit for ${platform} in ${JSON.stringify(audits)}`);
  return audit;
};
const mismatchPaths = (audit: PlatformAudit): string[] =>
  (audit.result?.mismatches ?? []).map((finding) => finding.path).sort();

describe('arch audit of pushed images', () => {
  const options: ArchAuditOptions = { registryFor: sessionReaders(), ignore: [] };
  const goodTag = `${uniqueRepository('busybox-good')}:1`;
  const badTag = `${uniqueRepository('busybox-wrong-arch')}:1`;
  const singleTag = `${uniqueRepository('busybox-single')}:1`;
  const repositoryOf = (tag: string): string => tag.slice(0, tag.lastIndexOf(':'));
  let goodDigest = '';
  let badDigest = '';

  beforeAll(() => {
    options.registryFor = sessionReaders(readerDockerConfig());
    // The correct image runs busybox --install for arm64 under QEMU.
    ensureEmulator('aarch64');
    buildAndPush(goodTag, busyboxDockerfile, ['linux/amd64', 'linux/arm64']);
    buildAndPush(badTag, wrongArchDockerfile, ['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
    // No attestation: a plain image manifest rather than an index.
    buildAndPush(singleTag, wrongArchDockerfile, ['linux/arm64'], ['--provenance=false']);
    goodDigest = digestOf(goodTag);
    badDigest = digestOf(badTag);
  });

  describe('a correctly built image', () => {
    it('passes every platform, by digest', async () => {
      const audits = await auditPushedImage(`${repositoryOf(goodTag)}@${goodDigest}`, [amd64, arm64], options);
      expect(audits.map((audit) => [audit.platform, audit.status])).toEqual([
        ['linux/amd64', 'pass'],
        ['linux/arm64', 'pass']
      ]);
      for (const audit of audits) {
        // busybox itself and /built-on; the --install symlinks are not files.
        expect(audit.result).toMatchObject({ platform: audit.platform, scannedFiles: 2, elfFiles: 1, mismatches: [] });
        expect(audit.result?.truncated).toBeUndefined();
        expect(audit.message).toBe(
          `${audit.platform} image has no executables for another architecture among 1 ELF files.`
        );
      }
    });

    it('resolves a tag to the same answer', async () => {
      const audits = await auditPushedImage(goodTag, [arm64, amd64], options);
      expect(audits.map((audit) => [audit.platform, audit.status])).toEqual([
        ['linux/arm64', 'pass'],
        ['linux/amd64', 'pass']
      ]);
    });

    it('fails a platform the image was not built for', async () => {
      const [audit] = await auditPushedImage(goodTag, [parsePlatform('riscv64')], options);
      expect(audit).toEqual({
        platform: 'linux/riscv64',
        status: 'fail',
        message: `no manifest for linux/riscv64 in ${goodTag} (it has linux/amd64, linux/arm64)\nHint: the image was not built for that platform`
      });
    });
  });

  describe('an image with amd64 binaries on every platform', () => {
    it('passes amd64 and fails arm64, naming the files and the architecture found', async () => {
      const audits = await auditPushedImage(`${repositoryOf(badTag)}@${badDigest}`, [amd64, arm64], options);
      const good = byPlatform(audits, 'linux/amd64');
      const bad = byPlatform(audits, 'linux/arm64');
      expect(good.status).toBe('pass');
      expect(good.result).toMatchObject({ scannedFiles: 2, elfFiles: 2, mismatches: [] });
      expect(bad.status).toBe('fail');
      expect(mismatchPaths(bad)).toEqual(['/app/server', '/bin/busybox']);
      expect(bad.result?.mismatches.map((finding) => finding.info.machine)).toEqual(['x86-64', 'x86-64']);
      for (const part of ['linux/arm64', 'x86-64', '/bin/busybox', '/app/server']) expect(bad.message).toContain(part);
    });

    it('matches arm to the arm/v7 entry of the index', async () => {
      const [audit] = await auditPushedImage(badTag, [parsePlatform('arm')], options);
      expect(audit?.platform).toBe('linux/arm/v7');
      expect(audit?.status).toBe('fail');
      expect(audit?.message).toContain('linux/arm/v7 image contains x86-64 (64-bit) executables: ');
    });

    it('leaves out ignored paths', async () => {
      const [audit] = await auditPushedImage(badTag, [arm64], { ...options, ignore: ['/app/**'] });
      expect(audit?.status).toBe('fail');
      expect(audit ? mismatchPaths(audit) : []).toEqual(['/bin/busybox']);
      expect(audit?.message).not.toContain('/app/server');
    });

    it('reports a scan cut short by the entry limit as incomplete, or as failed when it found enough', async () => {
      // The first layer holds /bin and /bin/busybox: two entries, directories count too.
      const audits = await auditPushedImage(badTag, [amd64, arm64], { ...options, maxFiles: 2 });
      const good = byPlatform(audits, 'linux/amd64');
      const bad = byPlatform(audits, 'linux/arm64');
      expect(good.status).toBe('incomplete');
      expect(good.result).toMatchObject({ scannedEntries: 2, scannedFiles: 1, truncated: 'entry limit 2 reached' });
      expect(good.message).toContain('the audit is incomplete: entry limit 2 reached');
      expect(bad.status).toBe('fail');
      // Only the first layer was read.
      expect(mismatchPaths(bad)).toEqual(['/bin/busybox']);
      expect(bad.message).toContain('scan stopped early: entry limit 2 reached');
    });
  });

  describe('an image on a base image', () => {
    const baseTag = `${uniqueRepository('base')}:1`;
    const onBaseTag = `${uniqueRepository('on-base')}:1`;
    const buildPlatformTag = `${uniqueRepository('on-build-platform-base')}:1`;

    beforeAll(() => {
      // No RUN anywhere, so nothing needs an emulator.
      const perArch = 'ARG TARGETARCH\nCOPY busybox-${TARGETARCH} /bin/busybox\n';
      buildAndPush(baseTag, `FROM scratch\n${perArch}`, ['linux/amd64', 'linux/arm64']);
      const app = 'ARG TARGETARCH\nCOPY busybox-${TARGETARCH} /app/tool\n';
      buildAndPush(onBaseTag, `FROM ${baseTag}\n${app}`, ['linux/amd64', 'linux/arm64']);
      buildAndPush(buildPlatformTag, `FROM --platform=$BUILDPLATFORM ${baseTag}\n${app}`, [
        'linux/amd64',
        'linux/arm64'
      ]);
    });

    it('skips the base image’s layers of each platform and scans only what the Dockerfile added', async () => {
      const audits = await auditPushedImage(onBaseTag, [amd64, arm64], { ...options, baseImage: baseTag });
      for (const audit of audits) {
        expect(audit).toMatchObject({ status: 'pass', layers: { scanned: 1, skipped: 1 } });
        // /app and /app/tool: /bin/busybox of the base was not read.
        expect(audit.result).toMatchObject({ scannedFiles: 1, elfFiles: 1, mismatches: [] });
      }
    });

    it('fails a platform whose base layers are another platform’s, without scanning it', async () => {
      const audits = await auditPushedImage(buildPlatformTag, [amd64, arm64], { ...options, baseImage: baseTag });
      expect(byPlatform(audits, 'linux/amd64')).toMatchObject({ status: 'pass', layers: { scanned: 1, skipped: 1 } });
      const arm = byPlatform(audits, 'linux/arm64');
      expect(arm.status).toBe('fail');
      expect(arm.result).toBeUndefined();
      expect(arm.message).toContain(`linux/arm64 image is built on the linux/amd64 image of its base ${baseTag}`);
      expect(arm.message).toContain('FROM --platform=$BUILDPLATFORM');
    });
  });

  describe('a single-platform image', () => {
    it('audits its one platform and fails the others as missing', async () => {
      const audits = await auditPushedImage(singleTag, [arm64, amd64], options);
      const arm = byPlatform(audits, 'linux/arm64');
      expect(arm.status).toBe('fail');
      expect(mismatchPaths(arm)).toEqual(['/app/server', '/bin/busybox']);
      expect(byPlatform(audits, 'linux/amd64')).toEqual({
        platform: 'linux/amd64',
        status: 'fail',
        message: `no manifest for linux/amd64 in ${singleTag} (it has linux/arm64)\nHint: the image was not built for that platform`
      });
    });
  });

  describe('reading the image', () => {
    it('refuses without a login, naming the registry and the reference', async () => {
      const anonymous = mkdtempSync(path.join(tmpdir(), 'mab-anonymous-'));
      await expect(
        auditPushedImage(badTag, [amd64], { registryFor: sessionReaders(anonymous), ignore: [] })
      ).rejects.toThrow(
        `Registry ${env.registry} answered HTTP 401 to reading manifest ${badTag}: it requires a login and there is none for it`
      );
    });

    it('says when the reference does not exist', async () => {
      const missing = `${repositoryOf(badTag)}:no-such-tag`;
      await expect(auditPushedImage(missing, [amd64], options)).rejects.toThrow(
        `${missing} was not found in registry ${env.registry}`
      );
    });
  });
});
