import { InputError } from '../model/errors.js';
import { DEFAULT_RETRY_AFTER_MAX_SECONDS } from '../model/retry.js';

// Run with --privileged: pinned by digest, so whoever could move the tag cannot get root on the runner.
// The digest of the published index of tonistiigi/binfmt:qemu-v9.2.2 (qemu-v9.2.2-52), as pinned in
// public build files (elastic/apm-server's Makefile, the Microsoft mirror mcr.microsoft.com/mirror/
// docker/tonistiigi/binfmt:qemu-v9.2.2-52 and others); Docker Hub is not reachable from the test machines.
export const DEFAULT_QEMU_IMAGE =
  'tonistiigi/binfmt:qemu-v9.2.2@sha256:1b804311fe87047a4c96d38b4b3ef6f62fca8cd125265917a9e3dc3c996c39e6';
export const DEFAULT_PLATFORMS = 'linux/amd64,linux/arm64';

/**
 * The inputs whose action.yml default is not empty, with that default. The runner fills defaults
 * in for inputs a workflow leaves out, so one of these that reads as empty was set to empty: a
 * workflow expression that came out empty, never a request for the default. (A default that is
 * itself an expression, such as github-token's, is the runner's to fill and is not listed.)
 */
export const NON_EMPTY_INPUT_DEFAULTS: Readonly<Record<string, string>> = {
  mode: 'build',
  context: '.',
  platforms: DEFAULT_PLATFORMS,
  push: 'auto',
  'push-by-digest': 'false',
  load: 'false',
  'no-cache': 'false',
  cache: 'auto',
  pull: 'false',
  qemu: 'auto',
  'qemu-image': DEFAULT_QEMU_IMAGE,
  driver: 'auto',
  cleanup: 'true',
  ecr: 'auto',
  'login-scope': 'step',
  'platform-check': 'error',
  verify: 'true',
  'arch-audit': 'error',
  'arch-audit-cache': 'auto',
  'smoke-test-timeout': '60',
  'registry-retry-after-max': String(DEFAULT_RETRY_AFTER_MAX_SECONDS)
};

/** Refuses an input that is present but empty where empty means nothing (an empty platforms would build the defaults). */
export function refuseEmptyInputs(read: (name: string) => string): void {
  for (const [name, fallback] of Object.entries(NON_EMPTY_INPUT_DEFAULTS)) {
    if (read(name).trim() !== '') continue;
    throw new InputError(
      name,
      '',
      `a value, or leave '${name}' out of the step's with: for its default '${fallback}'`,
      'set but empty: such a value usually comes from a workflow expression that came out empty, such as ${{ matrix.platform }} with a misspelt matrix key'
    );
  }
}
