import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '../seams/runner.js';
import { ActionError, errorMessage } from '../model/errors.js';
import { run } from '../seams/exec.js';
import {
  foreignQemuArchitectures,
  formatPlatform,
  goArchitectureOfQemu,
  nativePlatform,
  type Platform
} from '../model/platforms.js';

export interface BinfmtPaths {
  /** Where binfmt_misc is (or should be) mounted. */
  mount: string;
  /** Where qemu-user-static keeps its registration lines (qemu-<arch>.conf). */
  confDir: string;
}

const systemBinfmtPaths: BinfmtPaths = { mount: '/proc/sys/fs/binfmt_misc', confDir: '/usr/lib/binfmt.d' };

export interface EmulatorReport {
  /** QEMU architectures the requested platforms need on this runner. */
  needed: string[];
  /** Those already registered before the step. */
  alreadyRegistered: string[];
  /** Those this step registered, and how. */
  registered: string[];
  method: 'none' | 'host-qemu-user-static' | 'qemu-image';
}

export function isHandlerEnabled(paths: BinfmtPaths, qemuArch: string): boolean {
  const handler = path.join(paths.mount, `qemu-${qemuArch}`);
  try {
    return readFileSync(handler, 'utf8').startsWith('enabled');
  } catch {
    return false;
  }
}

const isMounted = (paths: BinfmtPaths): boolean => existsSync(path.join(paths.mount, 'register'));
const asRoot = (): boolean => process.getuid?.() === 0;

/** Runs a privileged command directly as root, else through passwordless sudo. */
async function runPrivileged(command: string, args: string[], input?: string): Promise<boolean> {
  const [program, programArgs] = asRoot() ? [command, args] : ['sudo', ['-n', command, ...args]];
  try {
    const result = await run(program, programArgs, { allowFailure: true, ...(input === undefined ? {} : { input }) });
    if (result.exitCode !== 0) core.debug(`${program} ${programArgs.join(' ')}: ${result.stderr.trim()}`);
    return result.exitCode === 0;
  } catch (error) {
    // No sudo on the runner (most containers) is a refusal like any other.
    core.debug(`${program} ${programArgs.join(' ')}: ${errorMessage(error)}`);
    return false;
  }
}

async function mountBinfmt(paths: BinfmtPaths): Promise<boolean> {
  if (isMounted(paths)) return true;
  core.info(`binfmt_misc is not mounted; mounting it at ${paths.mount}`);
  return runPrivileged('mount', ['-t', 'binfmt_misc', 'binfmt_misc', paths.mount]);
}

/** The registration line qemu-user-static ships for an architecture, when its interpreter is installed. */
export function hostRegistrationLine(paths: BinfmtPaths, qemuArch: string): string | undefined {
  const conf = path.join(paths.confDir, `qemu-${qemuArch}.conf`);
  if (!existsSync(conf)) return undefined;
  const line = readFileSync(conf, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(':'));
  const interpreter = line?.split(':')[6];
  return line && interpreter && existsSync(interpreter) ? line : undefined;
}

async function registerFromHost(paths: BinfmtPaths, qemuArch: string, line: string): Promise<void> {
  const register = path.join(paths.mount, 'register');
  try {
    writeFileSync(register, line);
  } catch (error) {
    // EEXIST: a parallel job registered the same emulator first, which is just as good.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code === 'EACCES' || code === 'EPERM') {
      await runPrivileged('tee', [register], line);
      return;
    }
    core.debug(`registering qemu-${qemuArch}: ${errorMessage(error)}`);
  }
}

async function registerWithImage(image: string, qemuArches: string[]): Promise<void> {
  const names = qemuArches.map(goArchitectureOfQemu).join(',');
  core.info(`Registering ${names} with ${image}`);
  await run('docker', ['run', '--rm', '--privileged', '--network', 'none', image, '--install', names], {
    stream: true
  });
}

function registrationFailure(missing: string[], platforms: readonly Platform[], mounted: boolean): ActionError {
  const handlers = missing.map((arch) => `qemu-${arch}`).join(', ');
  const cause = mounted
    ? 'writing to binfmt_misc/register was refused (the step needs root or passwordless sudo, or a Docker daemon that may run privileged containers)'
    : 'binfmt_misc is not mounted and mounting it was refused';
  return new ActionError(
    `Cannot register the QEMU emulators ${handlers} needed to build ${platforms.map(formatPlatform).join(', ')}: ${cause}.`,
    'run the job as root or with passwordless sudo, or mount binfmt_misc and register the emulators beforehand ' +
      '(sudo mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; sudo apt-get install qemu-user-static), ' +
      "or build only the runner's own platform, or set qemu: false on a runner that has them already."
  );
}

/**
 * Makes sure every foreign platform has an enabled binfmt handler before the build starts, so a
 * missing emulator is a clear error here rather than `exec format error` halfway through a build.
 */
export async function ensureEmulators(
  platforms: readonly Platform[],
  qemuImage: string,
  paths: BinfmtPaths = systemBinfmtPaths,
  native: Platform = nativePlatform()
): Promise<EmulatorReport> {
  const needed = foreignQemuArchitectures(platforms, native);
  const report: EmulatorReport = { needed, alreadyRegistered: [], registered: [], method: 'none' };
  if (needed.length === 0) return report;
  const mounted = await mountBinfmt(paths);
  report.alreadyRegistered = needed.filter((arch) => isHandlerEnabled(paths, arch));
  let missing = needed.filter((arch) => !report.alreadyRegistered.includes(arch));
  if (missing.length === 0) return report;

  const hostLines = new Map(missing.map((arch) => [arch, hostRegistrationLine(paths, arch)] as const));
  if (mounted && [...hostLines.values()].every((line) => line !== undefined)) {
    report.method = 'host-qemu-user-static';
    for (const [arch, line] of hostLines) await registerFromHost(paths, arch, line as string);
  } else {
    report.method = 'qemu-image';
    try {
      await registerWithImage(qemuImage, missing);
    } catch (error) {
      core.warning(`Registering emulators with ${qemuImage} failed: ${errorMessage(error)}`);
      throw registrationFailure(missing, platforms, isMounted(paths));
    }
    // Without a host mount the handlers cannot be read here; the builder's platform list checks them next.
    if (!isMounted(paths)) {
      report.registered = missing;
      return report;
    }
  }
  missing = missing.filter((arch) => !isHandlerEnabled(paths, arch));
  report.registered = needed.filter((arch) => !report.alreadyRegistered.includes(arch) && !missing.includes(arch));
  if (missing.length > 0) throw registrationFailure(missing, platforms, isMounted(paths));
  return report;
}
