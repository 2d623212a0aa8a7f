// The smoke run's docker command line: contained by default, loosened only by smoke-test-flags.
import { describe, expect, it } from '@jest/globals';
import { isolationFlags, smokeArguments, smokeRunArgs, SMOKE_TMP } from '../../../src/checks/smoke.js';
import { defaultSmokeIsolation, type SmokeIsolation } from '../../../src/model/checks.js';
import { parsePlatform } from '../../../src/model/platforms.js';
import { parseSmokeFlags } from '../../../src/planning/smoke-flags.js';
import { inputErrorOf } from '../../helpers/errors.js';

const reference = '127.0.0.1:5001/app@sha256:' + 'a'.repeat(64);

describe('smokeRunArgs', () => {
  it('runs by digest with no network, no capabilities, no privilege gain, bounded processes, memory and disk', () => {
    expect(smokeRunArgs(reference, parsePlatform('linux/arm64'), 'mab-1-smoke-0', { args: ['--version'] })).toEqual([
      'run',
      '--rm',
      '--quiet',
      '--network',
      'none',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--pids-limit',
      '256',
      '--memory',
      '1g',
      '--read-only',
      '--tmpfs',
      SMOKE_TMP,
      '--platform',
      'linux/arm64',
      '--name',
      'mab-1-smoke-0',
      reference,
      '--version'
    ]);
  });

  it('the flags come before the image: nothing the smoke command says can become a docker flag', () => {
    const args = smokeRunArgs(reference, parsePlatform('linux/amd64'), 'n', {
      args: smokeArguments('--privileged -v /:/host')
    });
    expect(args.slice(args.indexOf(reference))).toEqual([reference, '--privileged', '-v', '/:/host']);
  });
});

describe('smoke-test-flags', () => {
  const loosened = (changes: Partial<SmokeIsolation>): SmokeIsolation => ({ ...defaultSmokeIsolation, ...changes });

  it.each<[string, string, SmokeIsolation]>([
    ['empty: the defaults', '', defaultSmokeIsolation],
    [
      'a capability back, two forms',
      '--cap-add NET_BIND_SERVICE --cap-add=chown',
      loosened({ capAdd: ['NET_BIND_SERVICE', 'CHOWN'] })
    ],
    ['privileges may rise', '--security-opt no-new-privileges=false', loosened({ noNewPrivileges: false })],
    ['the colon form docker takes too', '--security-opt=no-new-privileges:false', loosened({ noNewPrivileges: false })],
    ['more processes', '--pids-limit 4096', loosened({ pidsLimit: 4096 })],
    ['no process bound', '--pids-limit=-1', loosened({ pidsLimit: 0 })],
    ['more memory, short flag', '-m 4G', loosened({ memory: '4g' })],
    ['no memory bound', '--memory 0', loosened({ memory: '' })],
    ['a writable root', '--read-only=false', loosened({ readOnly: false })],
    ['one more writable place', '--tmpfs /var/cache/app:size=10m', loosened({ tmpfs: ['/var/cache/app:size=10m'] })],
    ['lines and quotes', "--memory '2g'\n--read-only=false", loosened({ memory: '2g', readOnly: false })]
  ])('%s', (_what, raw, expected) => {
    expect(parseSmokeFlags(raw)).toEqual(expected);
  });

  it('loosened bounds are what docker gets', () => {
    expect(
      isolationFlags(
        parseSmokeFlags(
          '--cap-add ALL --security-opt no-new-privileges=false --pids-limit 0 --memory 0 --read-only=false --tmpfs /run'
        )
      )
    ).toEqual(['--cap-drop', 'ALL', '--cap-add', 'ALL', '--tmpfs', '/run']);
  });

  it.each<[string, string, string]>([
    ['a volume', '-v /:/host', '-v is not a flag the smoke run takes'],
    ['privileged', '--privileged', '--privileged is not a flag the smoke run takes'],
    ['another network', '--network=host', '--network is not a flag the smoke run takes'],
    ['a flag with no value', '--memory', '--memory needs a value'],
    ['a size docker would not read', '--memory lots', '--memory takes a size'],
    [
      'another security option',
      '--security-opt seccomp=unconfined',
      '--security-opt takes only no-new-privileges=false'
    ],
    ['a capability with a space', '--cap-add "SYS ADMIN"', '--cap-add takes a capability name'],
    ['a negative process count', '--pids-limit -5', '--pids-limit takes a whole number'],
    ['read-only with a word', '--read-only=maybe', '--read-only takes --read-only=false'],
    ['a relative tmpfs', '--tmpfs tmp', '--tmpfs takes an absolute path']
  ])('refuses %s, naming the input and what it takes', (_what, raw, detail) => {
    const error = inputErrorOf(() => parseSmokeFlags(raw));
    expect(error.input).toBe('smoke-test-flags');
    expect(error.message).toContain(detail);
    expect(error.message).toContain('Accepted: docker run flags that loosen the defaults');
  });
});
