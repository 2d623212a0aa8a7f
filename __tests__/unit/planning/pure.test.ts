// Planning is pure: inputs and what the gathering step read (steps/gather.ts) in, a plan out. No
// module of src/planning/ reads a file, runs a command or reads the environment or the working
// directory; a new one that does fails here. The link checks live with the gathering step
// (steps/path-links.ts), which calls them.
import { describe, expect, it } from '@jest/globals';
import { codeOf as code, sourceFiles } from '../../helpers/source-files.js';

/** What a pure module never does, each with the pattern that finds it in code. */
const impure: [string, RegExp][] = [
  ['imports the filesystem', /from\s+'(?:node:)?fs(?:\/promises)?'|import\(\s*'(?:node:)?fs/],
  ['imports child processes', /from\s+'(?:node:)?child_process'|import\(\s*'(?:node:)?child_process/],
  ['imports the OS or the network', /from\s+'(?:node:)?(?:os|http|https|dgram|worker_threads)'/],
  ['imports a seam (commands, the runner, state, the GitHub API)', /from\s+'(?:\.\.\/)+seams\//],
  ['reads the environment', /\bprocess\.env\b/],
  ['reads the working directory', /\bprocess\.cwd\(/],
  ['resolves a path against the working directory', /\bpath\.resolve\(/],
  ['calls the path checks (the gathering step calls them)', /from\s+'[./]*(?:steps\/)?path-links\.js'/]
];

const files = sourceFiles('src/planning');

describe('planning is pure', () => {
  it('finds the planning modules', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s', (file) => {
    const text = code(file);
    expect(impure.filter(([, pattern]) => pattern.test(text)).map(([what]) => what)).toEqual([]);
  });
});

describe('the guard itself', () => {
  it.each<[string, string]>([
    ["import { readFileSync } from 'node:fs';", 'imports the filesystem'],
    ["import { stat } from 'fs/promises';", 'imports the filesystem'],
    ["import { execFile } from 'node:child_process';", 'imports child processes'],
    ["import { run } from '../seams/exec.js';", 'imports a seam (commands, the runner, state, the GitHub API)'],
    ["const token = process.env['GITHUB_TOKEN'];", 'reads the environment'],
    ['const here = process.cwd();', 'reads the working directory'],
    ['const file = path.resolve(workspace, name);', 'resolves a path against the working directory'],
    ["import { refuseLinks } from '../steps/path-links.js';", 'calls the path checks (the gathering step calls them)']
  ])('%s: %s', (line, what) => {
    expect(impure.filter(([, pattern]) => pattern.test(line)).map(([name]) => name)).toEqual([what]);
  });
});
