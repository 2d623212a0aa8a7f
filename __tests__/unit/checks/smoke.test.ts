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
    ['lines and quotes', "--memory '2g'\n--read-only=false", loosened({ memory: '2g', readOnly: false })],
    // Each flag in turn: a later one puts back what an earlier one loosened, as docker run's last flag wins.
    ['read-only back on, bare', '--read-only=false --read-only', defaultSmokeIsolation],
    ['read-only back on, =true', '--read-only=false --read-only=true', defaultSmokeIsolation],
    // --read-only takes no value: the word after it is the next flag, not its value.
    ['bare read-only before another flag', '--read-only --pids-limit 10', loosened({ pidsLimit: 10 })],
    ['no-new-privileges named alone keeps it', '--security-opt no-new-privileges', defaultSmokeIsolation],
    [
      'no-new-privileges=true after =false',
      '--security-opt no-new-privileges=false --security-opt no-new-privileges:true',
      defaultSmokeIsolation
    ],
    ['a capability with its CAP_ prefix', '--cap-add=CAP_SYS_PTRACE', loosened({ capAdd: ['CAP_SYS_PTRACE'] })],
    ['memory in bytes, a zero with a unit', '--memory 0g', loosened({ memory: '' })],
    ['a larger memory bound, lower-cased', '--memory=1024M', loosened({ memory: '1024m' })]
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
    ['a relative tmpfs', '--tmpfs tmp', '--tmpfs takes an absolute path'],
    ['a word that is no flag', '=2g', '=2g is not a flag the smoke run takes'],
    ['a value left empty after =', '--cap-add=', '--cap-add takes a capability name'],
    ['a value given as empty quotes', '--pids-limit ""', '--pids-limit needs a value'],
    ['the short memory flag with no value', '--read-only -m', '-m needs a value'],
    ['the short memory flag with a wrong size', '-m=lots', '--memory takes a size']
  ])('refuses %s, naming the input and what it takes', (_what, raw, detail) => {
    const error = inputErrorOf(() => parseSmokeFlags(raw));
    expect(error.input).toBe('smoke-test-flags');
    expect(error.message).toContain(detail);
    expect(error.message).toContain('Accepted: docker run flags that loosen the defaults');
  });

  it.each<[string, string]>([
    ['--memory lots', '--memory lots'],
    ['--cap-add=', '--cap-add'],
    ['--read-only=maybe', '--read-only maybe'],
    ['--cap-add NET_ADMIN --privileged', '--privileged'],
    ['--tmpfs', '--tmpfs']
  ])('refusing %j, the error shows the flag as given: %j', (raw, shown) => {
    expect(inputErrorOf(() => parseSmokeFlags(raw)).value).toBe(shown);
  });
});
