// The runner protocol the steps speak: what the Actions runner reads from stdout and from its files.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as runner from '../../../src/seams/runner.js';
import { writeSummary } from '../../../src/seams/summary.js';
import { parseFileCommands } from '../../../scripts/run-action.mjs';
import { actedOn } from '../../helpers/workflow-commands.js';

let written: string[] = [];
let dir = '';
const saved = { ...process.env };

beforeEach(() => {
  written = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  dir = mkdtempSync(path.join(os.tmpdir(), 'mab-runner-'));
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  process.exitCode = undefined;
});

describe('workflow commands', () => {
  it.each<[string, () => void, string]>([
    ['a warning, escaped so it stays one command', () => runner.warning('50%\r\ndone'), '::warning::50%25%0D%0Adone\n'],
    ['an error from an Error', () => runner.error(new Error('boom')), '::error::Error: boom\n'],
    ['a mask', () => runner.setSecret('pa%ss\nword'), '::add-mask::pa%25ss%0Aword\n'],
    ['a debug line', () => runner.debug('timing: Build 12 ms'), '::debug::timing: Build 12 ms\n'],
    ['plain info', () => runner.info('Build: done'), 'Build: done\n']
  ])('%s', (_why, act, expected) => {
    act();
    expect(written.join('')).toBe(expected);
  });

  it('a group opens and closes around the work, even when it throws', async () => {
    await expect(
      runner.group('Push\nnot a second command', () => Promise.reject(new Error('refused')))
    ).rejects.toThrow('refused');
    expect(written).toEqual(['::group::Push%0Anot a second command\n', '::endgroup::\n']);
  });

  it('setFailed sets the exit code and annotates the error', () => {
    runner.setFailed('no tag was changed');
    expect(process.exitCode).toBe(1);
    expect(written).toEqual(['::error::no tag was changed\n']);
  });
});

describe('text from elsewhere never becomes a workflow command', () => {
  // What an image's smoke run, a path in a layer or a registry's answer may hold.
  const forged = [
    '</td></tr></table>## ✅ All checks passed',
    '::error title=Checks::forged error',
    '   ::add-mask::forged-mask',
    'a path /opt/x##[warning]forged warning'
  ].join('\n');

  it('an info line holding commands is printed whole, and the runner acts on none of it', () => {
    runner.info(`Smoke test linux/amd64: pass (exit 0)\n${forged}`);
    const printed = written.join('');
    expect(printed).toContain(forged);
    expect(actedOn(printed)).toEqual([]);
  });

  it('commands of the action itself still work after such a line', () => {
    runner.info(forged);
    runner.warning('the real warning ##[error]not a second one');
    runner.setSecret('real-secret');
    expect(actedOn(written.join(''))).toEqual([
      { command: 'warning', data: 'the real warning ##[error]not a second one' },
      { command: 'add-mask', data: 'real-secret' }
    ]);
  });

  it('a plain line is printed as it is, with nothing around it', () => {
    runner.info('Push: 3 blobs uploaded :: 12 ms');
    expect(written).toEqual(['Push: 3 blobs uploaded :: 12 ms\n']);
  });
});

describe('inputs, outputs and state', () => {
  it('reads an input as the runner passes it, trimmed, spaces and case mapped', () => {
    process.env['INPUT_ARCH-AUDIT-IGNORE'] = '  /opt/**\n';
    process.env['INPUT_MY_INPUT'] = 'x';
    expect(runner.getInput('arch-audit-ignore')).toBe('/opt/**');
    expect(runner.getInput('my input')).toBe('x');
    expect(runner.getInput('absent')).toBe('');
  });

  it('writes outputs and state to the runner files, multi-line values whole, as the runner parses them', () => {
    process.env['GITHUB_OUTPUT'] = path.join(dir, 'output');
    process.env['GITHUB_STATE'] = path.join(dir, 'state');
    writeFileSync(process.env['GITHUB_OUTPUT'], '');
    writeFileSync(process.env['GITHUB_STATE'], '');
    runner.setOutput('tags', 'ghcr.io/acme/app:1\nghcr.io/acme/app:latest');
    runner.setOutput('digest', 'sha256:abc');
    runner.saveState('dockerConfig', '/tmp/x');
    expect(parseFileCommands(readFileSync(process.env['GITHUB_OUTPUT'], 'utf8'))).toEqual({
      tags: 'ghcr.io/acme/app:1\nghcr.io/acme/app:latest',
      digest: 'sha256:abc'
    });
    expect(parseFileCommands(readFileSync(process.env['GITHUB_STATE'], 'utf8'))).toEqual({ dockerConfig: '/tmp/x' });
    expect(written).toEqual([]);
  });

  it('exports a variable for later steps through GITHUB_ENV, as the runner parses it, and to this process', () => {
    process.env['GITHUB_ENV'] = path.join(dir, 'env');
    writeFileSync(process.env['GITHUB_ENV'], '');
    expect(runner.exportVariable('DOCKER_CONFIG', '/runner/temp/mab-1-build-x-docker-config-Ab12Cd')).toBe(true);
    expect(runner.exportVariable('MULTI', 'a\nb=c')).toBe(true);
    expect(parseFileCommands(readFileSync(process.env['GITHUB_ENV'], 'utf8'))).toEqual({
      DOCKER_CONFIG: '/runner/temp/mab-1-build-x-docker-config-Ab12Cd',
      MULTI: 'a\nb=c'
    });
    expect(process.env['DOCKER_CONFIG']).toBe('/runner/temp/mab-1-build-x-docker-config-Ab12Cd');
    expect(written).toEqual([]);
  });

  it('without a GITHUB_ENV file, exports to this process only and says so (no deprecated set-env command)', () => {
    delete process.env['GITHUB_ENV'];
    expect(runner.exportVariable('DOCKER_CONFIG', '/x')).toBe(false);
    expect(process.env['DOCKER_CONFIG']).toBe('/x');
    expect(written).toEqual([]);
  });

  it('reads saved state back as STATE_<name>', () => {
    process.env['STATE_builder'] = 'mab-1';
    expect(runner.getState('builder')).toBe('mab-1');
    expect(runner.getState('absent')).toBe('');
  });
});

describe('the job summary cannot be forged', () => {
  const forged = '</td></tr></table>\n\n## ✅ All checks passed <img src=x onerror=alert(1)>';

  it('escapes every cell, code included, and keeps each on one line', async () => {
    process.env['GITHUB_STEP_SUMMARY'] = path.join(dir, 'summary.md');
    writeFileSync(process.env['GITHUB_STEP_SUMMARY'], '');
    await writeSummary(
      'Multi-arch image',
      [
        { label: 'Version', value: forged },
        { label: 'Tags', value: ['a:1', forged] }
      ],
      [
        {
          heading: 'Per platform',
          table: [
            ['Platform', 'Last output'],
            ['linux/arm64', { code: forged }]
          ]
        }
      ]
    );
    const html = readFileSync(process.env['GITHUB_STEP_SUMMARY'], 'utf8');
    // The structure is the one written: three rows of two cells, two tables, no tag from the text.
    expect(html.match(/<td>/g)).toHaveLength(6);
    expect(html.match(/<\/td>/g)).toHaveLength(6);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/\n\s*\n/);
    expect(html).not.toMatch(/^## /m);
    expect(html.match(/<table>/g)).toHaveLength(2);
    expect(html.match(/<\/table>/g)).toHaveLength(2);
    expect(html).toContain('<code>&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;<br><br>## ✅ All checks passed');
    expect(html).toContain('<td>a:1<br>&lt;/td&gt;');
  });
});
