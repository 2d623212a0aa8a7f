import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as realFs from 'node:fs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { rejectionOf } from '../../helpers/errors.js';

/**
 * A stand-in for the kernel behind <mount>/register: a write of a registration line creates the
 * handler file, as binfmt_misc does. Plain files cannot do that on their own.
 */
const kernel = {
  mounts: new Set<string>(),
  writes: [] as string[],
  /** Whether a write makes the handler appear. */
  registers: true,
  /** An errno code the next write fails with. */
  failWith: undefined as string | undefined
};

function enableHandler(mount: string, line: string): void {
  const [, name = '', , , , , interpreter = ''] = line.split(':');
  realFs.writeFileSync(path.join(mount, name), `enabled\ninterpreter ${interpreter}\nflags: F\noffset 0\n`);
}

const fakeWriteFileSync = ((
  file: realFs.PathOrFileDescriptor,
  data: string | NodeJS.ArrayBufferView,
  options?: realFs.WriteFileOptions
) => {
  const mount = typeof file === 'string' ? path.dirname(file) : '';
  if (typeof file !== 'string' || path.basename(file) !== 'register' || !kernel.mounts.has(mount)) {
    realFs.writeFileSync(file, data, options);
    return;
  }
  const line = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
  if (kernel.failWith) {
    // EEXIST: another job got there first, so the handler is there all the same.
    if (kernel.failWith === 'EEXIST') enableHandler(mount, line);
    throw Object.assign(new Error(`${kernel.failWith}: write ${file}`), { code: kernel.failWith });
  }
  kernel.writes.push(line);
  realFs.writeFileSync(file, line);
  if (kernel.registers) enableHandler(mount, line);
}) as typeof realFs.writeFileSync;

jest.unstable_mockModule('node:fs', () => ({
  ...realFs,
  default: { ...realFs, writeFileSync: fakeWriteFileSync },
  writeFileSync: fakeWriteFileSync
}));
jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { ensureEmulators, hostRegistrationLine, isHandlerEnabled } = await import('../../../src/buildx/qemu.js');
const { ActionError } = await import('../../../src/model/errors.js');
const { parsePlatform, parsePlatformList } = await import('../../../src/model/platforms.js');

const image = 'tonistiigi/binfmt:qemu-v9.2.2';
const amd64 = parsePlatform('amd64');
const arm64 = parsePlatform('arm64');
const asRoot = process.getuid?.() === 0;
/** What runPrivileged runs: the command itself as root, else through sudo -n. */
const privileged = (command: string, ...args: string[]): [string, string[]] =>
  asRoot ? [command, args] : ['sudo', ['-n', command, ...args]];

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-qemu-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Host {
  paths: { mount: string; confDir: string };
  register: string;
  /** qemu-user-static's conf line for an architecture, with an interpreter that exists unless told otherwise. */
  addConf(qemuArch: string, interpreterExists?: boolean): string;
  handler(qemuArch: string, content: string): void;
}

let counter = 0;
function host(mounted = true): Host {
  const dir = path.join(root, `host-${++counter}`);
  const mount = path.join(dir, 'binfmt_misc');
  const confDir = path.join(dir, 'binfmt.d');
  mkdirSync(mount, { recursive: true });
  mkdirSync(confDir, { recursive: true });
  const register = path.join(mount, 'register');
  if (mounted) writeFileSync(register, '');
  kernel.mounts.add(mount);
  return {
    paths: { mount, confDir },
    register,
    addConf(qemuArch, interpreterExists = true) {
      const interpreter = path.join(dir, `qemu-${qemuArch}-static`);
      if (interpreterExists) writeFileSync(interpreter, '#!/bin/false\n');
      const line = `:qemu-${qemuArch}:M::\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:${interpreter}:F`;
      writeFileSync(path.join(confDir, `qemu-${qemuArch}.conf`), `# Installed by qemu-user-static\n${line}\n`);
      return line;
    },
    handler(qemuArch, content) {
      writeFileSync(path.join(mount, `qemu-${qemuArch}`), content);
    }
  };
}

beforeEach(() => {
  coreFixture.resetCoreMock();
  execFixture.resetExecMock();
  kernel.writes = [];
  kernel.registers = true;
  kernel.failWith = undefined;
});

describe('isHandlerEnabled', () => {
  it.each<[string, boolean, string | undefined]>([
    ['an enabled handler', true, 'enabled\ninterpreter /usr/bin/qemu-aarch64-static\n'],
    ['a disabled handler', false, 'disabled\ninterpreter /usr/bin/qemu-aarch64-static\n'],
    ['an empty file', false, ''],
    ['no handler', false, undefined]
  ])('%s → %s', (_what, expected, content) => {
    const h = host();
    if (content !== undefined) h.handler('aarch64', content);
    expect(isHandlerEnabled(h.paths, 'aarch64')).toBe(expected);
  });
});

describe('hostRegistrationLine', () => {
  it('returns the conf line when its interpreter is installed', () => {
    const h = host();
    const line = h.addConf('aarch64');
    expect(hostRegistrationLine(h.paths, 'aarch64')).toBe(line);
  });

  it('ignores a conf whose interpreter is missing, and a missing conf', () => {
    const h = host();
    h.addConf('aarch64', false);
    expect(hostRegistrationLine(h.paths, 'aarch64')).toBeUndefined();
    expect(hostRegistrationLine(h.paths, 'riscv64')).toBeUndefined();
  });
});

describe('ensureEmulators', () => {
  it.each<[string, string, string]>([
    ['amd64,386', 'amd64', 'i386 runs natively on x86-64'],
    ['arm64', 'arm64', 'the runner is arm64'],
    ['windows/arm64,amd64', 'amd64', 'windows platforms never use binfmt']
  ])('does nothing for %s on %s (%s)', async (platforms, native) => {
    const h = host(false);
    const report = await ensureEmulators(parsePlatformList(platforms), image, h.paths, parsePlatform(native));
    expect(report).toStrictEqual({ needed: [], alreadyRegistered: [], registered: [], method: 'none' });
    expect(execFixture.run).not.toHaveBeenCalled();
    expect(realFs.readdirSync(h.paths.mount)).toEqual([]);
  });

  it('registers nothing and runs nothing when the handlers are already enabled', async () => {
    const h = host();
    h.handler('aarch64', 'enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: F\n');
    h.handler('arm', 'enabled\ninterpreter /usr/bin/qemu-arm-static\nflags: F\n');
    h.addConf('aarch64');

    const report = await ensureEmulators(parsePlatformList('amd64,arm64,arm/v7,arm/v6'), image, h.paths, amd64);

    expect(report).toStrictEqual({
      needed: ['aarch64', 'arm'],
      alreadyRegistered: ['aarch64', 'arm'],
      registered: [],
      method: 'none'
    });
    expect(execFixture.run).not.toHaveBeenCalled();
    expect(kernel.writes).toEqual([]);
    expect(readFileSync(h.register, 'utf8')).toBe('');
  });

  it("writes qemu-user-static's exact line to <mount>/register for a missing handler", async () => {
    const h = host();
    const line = h.addConf('aarch64');

    const report = await ensureEmulators([arm64], image, h.paths, amd64);

    expect(readFileSync(h.register, 'utf8')).toBe(line);
    expect(kernel.writes).toEqual([line]);
    expect(report).toStrictEqual({
      needed: ['aarch64'],
      alreadyRegistered: [],
      registered: ['aarch64'],
      method: 'host-qemu-user-static'
    });
    expect(execFixture.run).not.toHaveBeenCalled();
  });

  it('registers only the missing handlers, one line each', async () => {
    const h = host();
    h.handler('aarch64', 'enabled\n');
    h.addConf('aarch64');
    const armLine = h.addConf('arm');
    const riscvLine = h.addConf('riscv64');

    const report = await ensureEmulators(parsePlatformList('arm64,arm/v7,riscv64'), image, h.paths, amd64);

    expect(kernel.writes).toEqual([armLine, riscvLine]);
    expect(report).toStrictEqual({
      needed: ['aarch64', 'arm', 'riscv64'],
      alreadyRegistered: ['aarch64'],
      registered: ['arm', 'riscv64'],
      method: 'host-qemu-user-static'
    });
  });

  it('falls back to the binfmt image with Go architecture names when there is no host conf', async () => {
    const h = host();
    // Stands in for the privileged container registering its emulators.
    execFixture.run.mockImplementation(async () => {
      h.handler('aarch64', 'enabled\n');
      h.handler('arm', 'enabled\n');
      return execFixture.ok();
    });

    const report = await ensureEmulators(parsePlatformList('amd64,arm64,arm/v7'), image, h.paths, amd64);

    expect(execFixture.run.mock.calls).toEqual([
      [
        'docker',
        ['run', '--rm', '--privileged', '--network', 'none', image, '--install', 'arm64,arm'],
        { stream: true }
      ]
    ]);
    expect(report).toStrictEqual({
      needed: ['aarch64', 'arm'],
      alreadyRegistered: [],
      registered: ['aarch64', 'arm'],
      method: 'qemu-image'
    });
    expect(kernel.writes).toEqual([]);
  });

  it('uses the image for every missing handler when one of them has no host conf', async () => {
    const h = host();
    h.addConf('aarch64');
    h.addConf('riscv64', false);
    execFixture.run.mockImplementation(async () => {
      h.handler('aarch64', 'enabled\n');
      h.handler('riscv64', 'enabled\n');
      return execFixture.ok();
    });

    const report = await ensureEmulators(parsePlatformList('arm64,riscv64'), image, h.paths, amd64);

    expect(execFixture.commandLines()).toEqual([
      `docker run --rm --privileged --network none ${image} --install arm64,riscv64`
    ]);
    expect(report.method).toBe('qemu-image');
    expect(kernel.writes).toEqual([]);
  });

  it('asks for x86_64 and i386 emulators on an arm64 runner', async () => {
    const h = host();
    execFixture.run.mockImplementation(async () => {
      h.handler('x86_64', 'enabled\n');
      h.handler('i386', 'enabled\n');
      return execFixture.ok();
    });

    const report = await ensureEmulators(parsePlatformList('amd64,386,arm64'), image, h.paths, arm64);

    expect(execFixture.commandLines()).toEqual([
      `docker run --rm --privileged --network none ${image} --install amd64,386`
    ]);
    expect(report).toStrictEqual({
      needed: ['x86_64', 'i386'],
      alreadyRegistered: [],
      registered: ['x86_64', 'i386'],
      method: 'qemu-image'
    });
  });

  it('fails with a hint naming qemu-aarch64 when registration leaves the handler missing', async () => {
    const h = host();
    h.addConf('aarch64');
    kernel.registers = false;

    const error = await rejectionOf(ActionError, ensureEmulators([arm64], image, h.paths, amd64));

    const message = error.message;
    expect(message).toContain('Cannot register the QEMU emulators qemu-aarch64 needed to build linux/arm64');
    expect(message).toContain('writing to binfmt_misc/register was refused');
    expect(message).toMatch(/\nHint: run the job as root or with passwordless sudo/);
  });

  it('fails the same way when the image ran but registered nothing', async () => {
    const h = host();
    const error = await rejectionOf(ActionError, ensureEmulators([arm64], image, h.paths, amd64));
    expect(error.message).toContain('qemu-aarch64');
    expect(execFixture.run).toHaveBeenCalledTimes(1);
  });

  it('fails with the cause when the image cannot run, and warns with its output', async () => {
    const h = host();
    execFixture.run.mockRejectedValue(
      new execFixture.CommandError(`docker run --rm --privileged ${image}`, {
        exitCode: 125,
        stdout: '',
        stderr: 'docker: Error response from daemon: privileged mode is disabled.'
      })
    );

    const error = await rejectionOf(ActionError, ensureEmulators([arm64], image, h.paths, amd64));

    expect(error.message).toContain('Cannot register the QEMU emulators qemu-aarch64');
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      `Registering emulators with ${image} failed: 'docker run --rm --privileged ${image}' failed with exit code 125:\ndocker: Error response from daemon: privileged mode is disabled.`
    ]);
  });

  it('mounts binfmt_misc when it is not mounted, then trusts the image when the mount was refused', async () => {
    const h = host(false);
    execFixture.run.mockImplementation(async (command, args) =>
      args.includes('binfmt_misc')
        ? { exitCode: 32, stdout: '', stderr: `${command}: permission denied` }
        : execFixture.ok()
    );

    const report = await ensureEmulators([arm64], image, h.paths, amd64);

    const [mountProgram, mountArgs] = privileged('mount', '-t', 'binfmt_misc', 'binfmt_misc', h.paths.mount);
    expect(execFixture.run.mock.calls).toEqual([
      [mountProgram, mountArgs, { allowFailure: true }],
      ['docker', ['run', '--rm', '--privileged', '--network', 'none', image, '--install', 'arm64'], { stream: true }]
    ]);
    // Without a readable mount the builder's platform list is the check that follows.
    expect(report).toStrictEqual({
      needed: ['aarch64'],
      alreadyRegistered: [],
      registered: ['aarch64'],
      method: 'qemu-image'
    });
  });

  it('writes through tee with the line on stdin when a direct write is refused', async () => {
    const h = host();
    const line = h.addConf('aarch64');
    kernel.failWith = 'EACCES';
    execFixture.run.mockImplementation(async (_command, _args, options) => {
      enableHandler(h.paths.mount, options?.input ?? '');
      return execFixture.ok();
    });

    const report = await ensureEmulators([arm64], image, h.paths, amd64);

    const [program, args] = privileged('tee', h.register);
    expect(execFixture.run.mock.calls).toEqual([[program, args, { allowFailure: true, input: line }]]);
    expect(report).toStrictEqual({
      needed: ['aarch64'],
      alreadyRegistered: [],
      registered: ['aarch64'],
      method: 'host-qemu-user-static'
    });
  });

  it('counts a handler another job registered first (EEXIST) as registered', async () => {
    const h = host();
    h.addConf('aarch64');
    kernel.failWith = 'EEXIST';

    const report = await ensureEmulators([arm64], image, h.paths, amd64);

    expect(report).toStrictEqual({
      needed: ['aarch64'],
      alreadyRegistered: [],
      registered: ['aarch64'],
      method: 'host-qemu-user-static'
    });
    expect(execFixture.run).not.toHaveBeenCalled();
  });
});
