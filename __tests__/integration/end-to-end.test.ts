// The main path, run the way the Actions runner runs the bundled action, against the real daemon,
// buildx, QEMU and an htpasswd registry on 127.0.0.1.
import { existsSync } from 'node:fs';
import {
  busyboxDockerfile,
  env,
  everythingPrinted,
  fixtureContext,
  inspectIndex,
  isRegistered,
  registryInputs,
  runImage,
  runLocal,
  secretLeaks,
  snapshotHost,
  uniqueRepository,
  unregisterEmulators
} from '../helpers/e2e.js';

describe('one step from a Dockerfile to a multi-arch manifest list', () => {
  const context = fixtureContext(busyboxDockerfile);
  const reference = `${uniqueRepository('pytime')}:1.0.0`;
  let before: ReturnType<typeof snapshotHost>;
  let run: Awaited<ReturnType<typeof runLocal>>;

  beforeAll(async () => {
    unregisterEmulators();
    before = snapshotHost();
    run = await runLocal({ context, platforms: 'linux/amd64,arm64,armv7', tags: reference, ...registryInputs() });
  });

  it('succeeds in main and post', () => {
    expect(run.main.stderr + run.main.stdout).not.toMatch(/::error::/);
    expect(run.main.code).toBe(0);
    expect(run.post?.code).toBe(0);
  });

  it('registers the emulators itself and reports them', () => {
    expect(isRegistered('aarch64')).toBe(true);
    expect(isRegistered('arm')).toBe(true);
    expect(run.main.stdout).toMatch(/QEMU: registered qemu-aarch64, qemu-arm/);
  });

  it('pushes one index with exactly the requested platforms, normalised', () => {
    const index = inspectIndex(reference);
    expect(index?.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index?.platforms).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
    expect(run.outputs['platforms']).toBe('linux/amd64,linux/arm64,linux/arm/v7');
  });

  it('outputs the digest the registry serves', () => {
    expect(run.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(inspectIndex(reference)?.digest).toBe(run.outputs['digest']);
    const metadata = JSON.parse(run.outputs['metadata'] ?? '{}') as Record<string, unknown>;
    expect(metadata['containerimage.digest']).toBe(run.outputs['digest']);
    expect(run.outputs['builder']).toMatch(/^mab-/);
  });

  it.each([
    ['linux/arm64', 'aarch64'],
    ['linux/arm/v7', 'armv7l'],
    ['linux/amd64', 'x86_64']
  ])('the pushed image really runs on %s and reports %s', (platform, machine) => {
    const result = runImage(reference, platform, ['-m'], '/bin/uname');
    expect(result.stderr).not.toMatch(/exec format error/);
    expect(result.stdout.trim()).toBe(machine);
    // Built on that architecture too: RUN steps executed under the emulator.
    expect(runImage(reference, platform, ['/built-on'], '/bin/cat').stdout.trim()).toBe(machine);
  });

  it('writes a job summary with the image, tags, digest and platforms', () => {
    expect(run.summary).toContain(reference);
    expect(run.summary).toContain(run.outputs['digest']);
    expect(run.summary).toContain('linux/arm/v7');
    expect(run.summary).toContain('registered qemu-aarch64, qemu-arm (host-qemu-user-static)');
  });

  it('leaves no builder, context, container, volume or credentials behind', () => {
    expect(snapshotHost()).toEqual(before);
    expect(run.state['dockerConfig']).toContain(run.dir);
    expect(existsSync(run.state['dockerConfig'] ?? '/nonexistent')).toBe(false);
  });

  it('never prints the password', () => {
    expect(run.main.stdout).toContain(`::add-mask::${env.password}`);
    expect(secretLeaks(everythingPrinted(run), env.password)).toEqual([]);
  });
});

describe('failures give a clear error and a clean post', () => {
  let before: ReturnType<typeof snapshotHost>;
  beforeAll(() => {
    before = snapshotHost();
  });

  const expectCleanPost = (run: Awaited<ReturnType<typeof runLocal>>): void => {
    expect(run.post?.code).toBe(0);
    expect(run.post?.stdout).not.toMatch(/::warning::Cleanup/);
    if (run.state['dockerConfig']) expect(existsSync(run.state['dockerConfig'])).toBe(false);
    expect(snapshotHost()).toEqual(before);
  };

  it('a wrong password says that login to the registry failed', async () => {
    const reference = `${uniqueRepository('wrong-password')}:1`;
    const run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64',
      tags: reference,
      ...registryInputs(),
      password: 'not-the-password'
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(`::error::Login to ${env.registry} failed as user '${env.user}'`);
    expect(run.main.stdout).not.toMatch(/retry \d of/);
    expect(inspectIndex(reference)).toBeUndefined();
    expectCleanPost(run);
  });

  it('an unknown platform is refused before any builder exists', async () => {
    const run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64,linux/bogus',
      tags: `${uniqueRepository('bogus')}:1`,
      ...registryInputs()
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(
      /::error::Input 'platforms' has an invalid value "linux\/bogus".*Accepted: os\/arch/
    );
    expect(run.state['builder']).toBeUndefined();
    expect(run.state['dockerConfig']).toBeUndefined();
    expect(run.post?.stdout).toContain('Nothing to clean up');
    expectCleanPost(run);
  });

  it('an unreachable registry fails naming it, after bounded retries', async () => {
    const unreachable = '127.0.0.1:9';
    const run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64',
      tags: `${unreachable}/app/x:1`,
      username: 'u',
      password: 'p'
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(`::error::Login to ${unreachable} failed`);
    expect(run.main.stdout).toMatch(/retry 1 of 4/);
    expectCleanPost(run);
  });

  it('a Dockerfile error fails the build with its message', async () => {
    const reference = `${uniqueRepository('broken')}:1`;
    const context = fixtureContext(`${busyboxDockerfile}RUN echo about to fail && exit 3\n`);
    const run = await runLocal({ context, platforms: 'linux/amd64,linux/arm64', tags: reference, ...registryInputs() });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toMatch(/::error::docker buildx build failed \(exit code 1\)/);
    expect(run.main.stdout).toMatch(/exit code: 3/);
    expect(inspectIndex(reference)).toBeUndefined();
    expectCleanPost(run);
  });
});
