// build-push-action's build inputs against the real daemon and registry: secrets from files and
// variables reach RUN --mount=type=secret and nowhere else; build contexts replace base images;
// outputs write each platform's files.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  everythingPrinted,
  fixtureContext,
  registryInputs,
  runImage,
  runLocal,
  secretLeaks,
  uniqueRepository,
  processCommandLines
} from '../helpers/e2e.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A multi-line secret shaped like a PEM key: random base64 lines between markers. */
function pemLike(label: string): string {
  const body =
    randomBytes(144)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${body.join('\n')}\n-----END ${label}-----\n`;
}

/** The lines of a secret that the runner would have to mask one by one. */
const secretLines = (secret: string): string[] => secret.split('\n').filter((line) => line.length >= 8);

const fileSecret = pemLike('TEST CERTIFICATE');
const envSecret = pemLike('TEST PRIVATE KEY');
const buildArgSecret = `bld-${randomBytes(12).toString('hex')}`;
const reference = `${uniqueRepository('build-inputs')}:1.0.0`;

/** Fails the build unless both secrets arrive byte for byte; writes the file secret's hash into the image. */
function secretsContext(): string {
  return fixtureContext(`FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN uname -m > /built-on && echo ${randomBytes(6).toString('hex')} > /fresh
ARG API_TOKEN
RUN --mount=type=secret,id=CERT,required=true --mount=type=secret,id=SIGNING_KEY,required=true \\
    test "$(sha256sum < /run/secrets/CERT | cut -d' ' -f1)" = "${sha256(fileSecret)}" && \\
    test "$(sha256sum < /run/secrets/SIGNING_KEY | cut -d' ' -f1)" = "${sha256(envSecret)}" && \\
    test "$(printf %s "$API_TOKEN" | sha256sum | cut -d' ' -f1)" = "${sha256(buildArgSecret)}" && \\
    sha256sum < /run/secrets/CERT | cut -d' ' -f1 > /cert-hash
`);
}

describe('secret-files and secret-envs', () => {
  let run: Awaited<ReturnType<typeof runLocal>>;
  let printed: string;
  const argvSeen = new Set<string>();

  beforeAll(async () => {
    const secretDir = mkdtempSync(path.join(tmpdir(), 'mab-secret-'));
    const certFile = path.join(secretDir, 'cert.pem');
    writeFileSync(certFile, fileSecret, { mode: 0o600 });
    let mainExited = false;
    const running = runLocal(
      {
        context: secretsContext(),
        platforms: 'linux/amd64,linux/arm64',
        tags: reference,
        ...registryInputs(),
        'secret-files': `CERT=${certFile}`,
        'secret-envs': 'SIGNING_KEY=MAB_IT_SIGNING_KEY',
        'build-args': `API_TOKEN=${buildArgSecret}`
      },
      { env: { MAB_IT_SIGNING_KEY: envSecret }, onMainSpawn: (child) => child.on('exit', () => (mainExited = true)) }
    );
    // Bounded: at most ~10 minutes of sampling even if main never exits.
    for (let sample = 0; sample < 30_000 && !mainExited; sample++) {
      for (const { cmdline } of processCommandLines()) argvSeen.add(cmdline);
      await sleep(20);
    }
    run = await running;
    const files = ['state', 'env', 'path'].map((name) => readFileSync(path.join(run.dir, name), 'utf8'));
    printed = [everythingPrinted(run), ...files].join('\n');
  });

  it('builds and pushes: the values arrived byte for byte on every platform', () => {
    expect(run.main.stdout).not.toMatch(/::error::/);
    expect(run.main.code).toBe(0);
    expect(run.post?.code).toBe(0);
    for (const platform of ['linux/amd64', 'linux/arm64'])
      expect(runImage(reference, platform, ['/cert-hash'], '/bin/cat').stdout.trim()).toBe(sha256(fileSecret));
  });

  it('passes a file by path, a variable by name, and the secret-looking build-arg through the environment', () => {
    const build = run.main.stdout.split('\n').find((line) => line.startsWith('docker ') && line.includes(' build '));
    expect(build).toMatch(/--secret id=CERT,src=\S+cert\.pem/);
    expect(build).toContain('--secret id=SIGNING_KEY,env=MAB_IT_SIGNING_KEY');
    expect(build).toContain('--build-arg API_TOKEN ');
  });

  it('masks every value, and each line of the multi-line ones, before anything runs', () => {
    const masks = run.main.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    for (const value of [buildArgSecret, ...secretLines(fileSecret), ...secretLines(envSecret)])
      expect(masks).toContain(`::add-mask::${value}`);
    // All of them before the build command is printed.
    const lines = run.main.stdout.split('\n');
    const build = lines.findIndex((line) => line.startsWith('docker ') && line.includes(' build '));
    const masked = lines.map((line, index) => (line.startsWith('::add-mask::') ? index : -1));
    expect(build).toBeGreaterThan(Math.max(...masked));
  });

  it('prints no value or line of a secret anywhere: logs, summary, outputs, state', () => {
    expect(run.summary).toContain(reference);
    for (const value of [...secretLines(fileSecret), ...secretLines(envSecret)])
      expect(secretLeaks(printed, value)).toEqual([]);
  });

  it("prints a build-arg's value only where BuildKit shows the expanded RUN step, which the runner masks", () => {
    const leaks = secretLeaks(printed, buildArgSecret);
    expect(leaks.filter((line) => !/^#\d+ \[[^\]]+\] RUN /.test(line))).toEqual([]);
    expect(run.main.stdout).toContain(`::add-mask::${buildArgSecret}`);
  });

  it('puts no value on any command line while it runs', () => {
    const all = [...argvSeen];
    // The scan really saw the build with its secret flags.
    expect(all.some((argv) => argv.includes('buildx build') && argv.includes('id=SIGNING_KEY,env='))).toBe(true);
    for (const value of [buildArgSecret, ...secretLines(fileSecret), ...secretLines(envSecret)])
      expect(all.filter((argv) => argv.includes(value))).toEqual([]);
  });
});

describe('build-contexts and outputs', () => {
  let run: Awaited<ReturnType<typeof runLocal>>;
  let dest: string;

  beforeAll(async () => {
    // The base "image" is a directory on the runner; the tools stage is the image pushed above.
    const rootfs = mkdtempSync(path.join(tmpdir(), 'mab-rootfs-'));
    writeFileSync(path.join(rootfs, 'marker.txt'), 'from a local directory\n');
    mkdirSync(path.join(rootfs, 'etc'));
    dest = path.join(mkdtempSync(path.join(tmpdir(), 'mab-out-')), 'out');
    const context = fixtureContext(`FROM tools AS tools
FROM base
COPY --from=tools /built-on /cert-hash /
`);
    run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64',
      ...registryInputs(),
      'build-contexts': `base=${rootfs}\ntools=docker-image://${reference}`,
      outputs: `type=local,dest=${dest}`
    });
  });

  it('builds without pushing anything', () => {
    expect(run.main.stdout).not.toMatch(/::error::/);
    expect(run.main.code).toBe(0);
    expect(run.main.stdout).toContain('nothing pushed');
  });

  it("writes each platform's files, the base replaced by the directory and tools by the other image", () => {
    expect(readdirSync(dest).sort()).toEqual(['linux_amd64', 'linux_arm64']);
    for (const [platform, machine] of [
      ['linux_amd64', 'x86_64'],
      ['linux_arm64', 'aarch64']
    ] as const) {
      const dir = path.join(dest, platform);
      expect(readFileSync(path.join(dir, 'marker.txt'), 'utf8')).toBe('from a local directory\n');
      expect(readFileSync(path.join(dir, 'built-on'), 'utf8').trim()).toBe(machine);
      expect(readFileSync(path.join(dir, 'cert-hash'), 'utf8').trim()).toBe(sha256(fileSecret));
    }
  });

  it('preflight reads the replacing image, never the names the contexts stand in for', () => {
    expect(run.main.stdout).toContain('Platform check: 1 base image(s) read, 0 lacking a platform.');
    expect(run.main.stdout).not.toMatch(/Platform check: .*\bbase\b.*not (found|checked)/);
  });
});
