// The one writer of stdout: untrusted text inside stop-commands regions, the step's commands outside,
// each on a line of its own. Exact output, with the random tokens named T1, T2, … in order.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { untrustedStream } from '../../../src/seams/log-stream.js';
import * as runner from '../../../src/seams/runner.js';

let written: string[] = [];

beforeEach(() => {
  // Whatever an earlier test left, a command puts the writer at the start of a line with no region open.
  runner.debug('reset');
  written = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(Buffer.from(chunk).toString('utf8'));
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** Everything written, with each token replaced by T1, T2, … in the order they first appear. */
function log(): string {
  const tokens = new Map<string, string>();
  return written
    .join('')
    .replace(
      /mab-[0-9a-f-]{36}/g,
      (token) => tokens.get(token) ?? (tokens.set(token, `T${tokens.size + 1}`), `T${tokens.size}`)
    );
}

describe('untrusted output and the step’s own commands', () => {
  it('a command in the middle of a stream closes the region on a line of its own; the rest goes in a new one', () => {
    const stream = untrustedStream();
    stream.write(Buffer.from('#5 0.1 half a line ::'));
    runner.warning('own');
    stream.write(Buffer.from('set-output name=x::y\n'));
    stream.end();
    expect(log()).toBe(
      '::stop-commands::T1\n#5 0.1 half a line ::\n::T1::\n::warning::own\n::stop-commands::T2\nset-output name=x::y\n::T2::\n'
    );
  });

  it('a region opened after a partial line of the step starts on a line of its own', () => {
    const first = untrustedStream();
    first.write('no end');
    first.end();
    const second = untrustedStream();
    second.write('next\n');
    second.end();
    expect(log()).toBe('::stop-commands::T1\nno end\n::T1::\n::stop-commands::T2\nnext\n::T2::\n');
  });

  it('the region stays open until the last of two streams ends, whatever one of them does twice', () => {
    const first = untrustedStream();
    const second = untrustedStream();
    first.write('a\n');
    first.end();
    first.end();
    runner.info('::error::shown inside');
    second.write('b\n');
    second.end();
    runner.info('plain again');
    expect(log()).toBe('::stop-commands::T1\na\n::error::shown inside\nb\n::T1::\nplain again\n');
  });

  it('an info line after a partial line of a stream starts a line of its own, inside the region', () => {
    const stream = untrustedStream();
    stream.write('progress 50%');
    runner.info('Build: still going');
    stream.end();
    expect(log()).toBe('::stop-commands::T1\nprogress 50%\nBuild: still going\n::T1::\n');
  });

  it('an info line holding a command, with no stream running, is a region of its own', () => {
    runner.info('a ##[error]b');
    runner.info('c');
    expect(log()).toBe('::stop-commands::T1\na ##[error]b\n::T1::\nc\n');
  });

  it.each<[string, () => void, string]>([
    ['a mask', () => runner.setSecret('pa%ss'), '::add-mask::pa%25ss\n'],
    [
      'an output without a GITHUB_OUTPUT file',
      () => runner.setOutput('digest', 'sha256:1'),
      '\n::set-output name=digest::sha256:1\n'
    ],
    ['an error', () => runner.error('boom'), '::error::boom\n'],
    ['a failure', () => runner.setFailed('no tag moved'), '::error::no tag moved\n']
  ])('%s written while a stream is open ends the region first, on a line of its own', (_what, act, command) => {
    const saved = process.env['GITHUB_OUTPUT'];
    delete process.env['GITHUB_OUTPUT'];
    const stream = untrustedStream();
    stream.write('half a line');
    act();
    stream.end();
    if (saved !== undefined) process.env['GITHUB_OUTPUT'] = saved;
    process.exitCode = undefined;
    expect(log()).toBe(`::stop-commands::T1\nhalf a line\n::T1::\n${command}`);
  });

  it('an empty chunk changes nothing about where the next line starts', () => {
    const stream = untrustedStream();
    stream.write('x\n');
    stream.write('');
    stream.write(Buffer.alloc(0));
    stream.end();
    runner.setSecret('s3cret-value');
    expect(log()).toBe('::stop-commands::T1\nx\n::T1::\n::add-mask::s3cret-value\n');
  });
});
