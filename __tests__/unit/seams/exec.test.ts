// The exec seam for real: output kept in memory is bounded, whatever a command prints.
import { describe, expect, it } from '@jest/globals';
import { CommandError, run } from '../../../src/seams/exec.js';
import { rejectionOf } from '../../helpers/errors.js';

const MiB = 1024 * 1024;
// 16 MiB on each stream, then a last line: far past the 1 MiB kept, and the end must survive.
const flood = `head -c ${16 * MiB} /dev/zero | tr '\\0' o; echo; echo LAST-OUT; head -c ${16 * MiB} /dev/zero | tr '\\0' e >&2; echo LAST-ERR >&2`;

describe('run keeps a bounded tail of output', () => {
  it('keeps the last MiB of each stream and says how much came before', async () => {
    const result = await run('sh', ['-c', flood]);
    for (const [text, last] of [
      [result.stdout, 'LAST-OUT'],
      [result.stderr, 'LAST-ERR']
    ] as const) {
      expect(text.length).toBeLessThanOrEqual(MiB + 100);
      expect(text.trimEnd().endsWith(last)).toBe(true);
      expect(text).toMatch(/^\[\d+ earlier bytes of output not kept\]\n/);
    }
  });

  it('honours a smaller bound, and a failure still shows the end of the output', async () => {
    const error = await rejectionOf(CommandError, run('sh', ['-c', `${flood}; exit 3`], { maxOutputBytes: 4096 }));
    const { result } = error;
    expect(result.exitCode).toBe(3);
    expect(result.stdout.length).toBeLessThanOrEqual(4096 + 100);
    expect(error.message).toContain('LAST-ERR');
  });

  it('leaves short output untouched', async () => {
    expect(await run('sh', ['-c', 'printf "a\\nb\\n"; printf c >&2'])).toEqual({
      exitCode: 0,
      stdout: 'a\nb\n',
      stderr: 'c'
    });
  });
});
