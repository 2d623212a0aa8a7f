// The exec seam for real: output kept in memory is bounded, and output streamed to the log is untrusted, whatever a command prints.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { CommandError, run } from '../../../src/seams/exec.js';
import * as runner from '../../../src/seams/runner.js';
import { rejectionOf } from '../../helpers/errors.js';
import { actedOn } from '../../helpers/workflow-commands.js';

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

describe('a time limit bounds the wait, whatever the command leaves behind', () => {
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      return false;
    }
  };
  const settle = async (pid: number): Promise<boolean> => {
    for (let tries = 0; tries < 50 && alive(pid); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    return alive(pid);
  };

  // Each child below lasts 60 s, past the test's 20 s: a run that waited for one fails by its timeout.
  it('a background child holding the output is stopped with the command, at the limit', async () => {
    const result = await run('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], { timeoutMs: 500, allowFailure: true });
    expect(result.timedOut).toBe(true);
    expect(result.stderr).toContain('(stopped after the 500 ms time limit)');
    // The whole process group got the signal: the background sleep is gone too.
    expect(await settle(Number(result.stdout.trim()))).toBe(false);
  }, 20_000);

  it('a child that left the process group and holds the output is not waited for past a short grace', async () => {
    const result = await run('sh', ['-c', "setsid sh -c 'echo $$; exec sleep 60' & sleep 0.2; exit 0"]);
    const escaped = Number(result.stdout.trim());
    // Still running when the command's result came: the run did not wait for it.
    expect(alive(escaped)).toBe(true);
    process.kill(escaped, 'SIGKILL');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('(output of processes it left running was not waited for)');
  }, 20_000);

  it('output a child still writes after the command exited is kept while it keeps coming', async () => {
    const result = await run('sh', ['-c', '(for i in 1 2 3; do echo tick$i; sleep 0.6; done) & exit 0']);
    expect(result.stdout).toBe('tick1\ntick2\ntick3\n');
    expect(result.stderr).toBe('');
  }, 20_000);

  it('a child that never stops writing is given up five seconds after the command exited', async () => {
    const result = await run('sh', ['-c', '(while :; do echo x; sleep 0.2; done) & echo $! >&2; exit 0']);
    const writer = Number(result.stderr.split('\n')[0]);
    // It was read while it wrote (several lines), and given up on while still writing.
    expect(alive(writer)).toBe(true);
    process.kill(writer, 'SIGKILL');
    expect(result.stdout.split('\n').filter((line) => line === 'x').length).toBeGreaterThan(3);
    expect(result.stderr).toContain('(output of processes it left running was not waited for)');
  }, 20_000);
});

describe('streamed output never commands the runner', () => {
  // What a RUN step, a QEMU container or buildx itself may print: each a command the runner would act on.
  const forged = [
    '#7 0.312 ##[error title=Checks]forged error',
    'x ##[save-state name=restoreDockerConfig;]/work/evil-config',
    '::add-mask::forged-mask',
    '##[stop-commands]silence',
    '::set-output name=digest::sha256:forged',
    '::endgroup::'
  ];
  const script = forged.map((line) => `printf '%s\\n' '${line}'`).join('; ');
  let written: string[] = [];

  beforeEach(() => {
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(Buffer.from(chunk).toString('utf8'));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('shows every line of both streams, and the runner acts on none of them', async () => {
    await run('sh', ['-c', `${script}; printf 'partial ::error::' >&2`], { stream: true });
    const log = written.join('');
    for (const line of forged) expect(log).toContain(line);
    expect(actedOn(log)).toEqual([]);
  });

  it("the step's own commands, between and after streamed chunks and beside two streams at once, are read", async () => {
    const first = run('sh', ['-c', `${script}; sleep 0.2; printf 'no line end ##[warning]x'`], { stream: true });
    const second = run('sh', ['-c', `sleep 0.1; ${script}`], { stream: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    runner.warning('own warning');
    await Promise.all([first, second]);
    runner.info('after the streams ::error::shown, not read');
    runner.setSecret('own-mask');
    const acted = actedOn(written.join(''));
    expect(acted).toEqual([
      { command: 'warning', data: 'own warning' },
      { command: 'add-mask', data: 'own-mask' }
    ]);
  });
});
