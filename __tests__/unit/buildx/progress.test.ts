// buildx's plain progress, read back from real output of buildx 0.13 on Docker 26 (the files in
// __fixtures__/buildx-progress were captured from the test machine's daemon).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeVertex, fromCache, ProgressReader } from '../../../src/buildx/progress.js';

const fixture = (name: string): string[] =>
  readFileSync(path.join('__fixtures__', 'buildx-progress', `${name}.txt`), 'utf8').split('\n');

function read(name: string) {
  const reader = new ProgressReader(() => 1000);
  for (const line of fixture(name)) reader.line(line);
  return reader.progress;
}

describe('describeVertex', () => {
  it.each<[string, Record<string, unknown>]>([
    [
      '[linux/arm64 3/6] COPY deps.txt /deps.txt',
      { platform: 'linux/arm64', target: 'linux/arm64', instruction: 'COPY', command: 'deps.txt /deps.txt' }
    ],
    [
      '[linux/amd64->arm64 build 2/2] RUN make',
      { platform: 'linux/amd64', target: 'linux/arm64', stage: 'build', instruction: 'RUN', command: 'make' }
    ],
    ['[linux/amd64->arm/v7 build 2/2] RUN make', { platform: 'linux/amd64', target: 'linux/arm/v7', stage: 'build' }],
    [
      '[linux/arm/v7 stage-1 2/2] COPY --from=build /out /out',
      { platform: 'linux/arm/v7', stage: 'stage-1', instruction: 'COPY' }
    ],
    [
      '[2/6] RUN ["/bin/busybox", "--install"]',
      { platform: undefined, instruction: 'RUN', command: '["/bin/busybox", "--install"]' }
    ],
    ['[linux/arm64 internal] load metadata for x', { platform: undefined, instruction: undefined }],
    ['[auth] sharing credentials for 127.0.0.1:5001', { instruction: undefined }],
    ['exporting to image', { instruction: undefined, command: 'exporting to image' }]
  ])('%s', (name, expected) => {
    const step = describeVertex(1, name) as unknown as Record<string, unknown>;
    expect(Object.fromEntries(Object.keys(expected).map((key) => [key, step[key]]))).toEqual(expected);
  });
});

describe('ProgressReader', () => {
  it('a fresh runner: steps loaded from a remote cache count as cached, with or without a CACHED line', () => {
    const progress = read('remote-cache-two-platforms');
    const deps = progress.steps.filter((step) => step.command.startsWith('i=0; while'));
    expect(deps.map((step) => step.id)).toEqual([14, 15]);
    // #14 said CACHED, then pulled its layer; #15 only pulled its layer (its CACHED state was overwritten).
    expect(deps.map((step) => [step.cached, step.pulled, fromCache(step)])).toEqual([
      [true, true, true],
      [false, true, true]
    ]);
    const source = progress.steps.filter((step) => step.instruction === 'COPY' && step.command === 'src.txt /src.txt');
    expect(source.map((step) => [step.platform, fromCache(step), step.seconds])).toEqual([
      ['linux/arm64', false, 0],
      ['linux/amd64', false, 0]
    ]);
    expect(progress.imports.map((entry) => entry.reference)).toEqual([
      '127.0.0.1:5001/x17/app:cache-arm64',
      '127.0.0.1:5001/x17/app:cache-amd64'
    ]);
  });

  it('two cache exports: the layers each wrote, once each, and its manifest', () => {
    const progress = read('cache-export-two-refs');
    expect(progress.exports).toEqual([
      {
        id: 17,
        name: 'exporting cache to registry',
        layers: 9,
        manifest: expect.stringMatching(/^sha256:4518ceac/) as unknown
      },
      {
        id: 19,
        name: 'exporting cache to registry',
        layers: 9,
        manifest: expect.stringMatching(/^sha256:624ce54c/) as unknown
      }
    ]);
  });

  it('a cross-compiling stage runs on the build platform and builds for the target', () => {
    const progress = read('cross-compile');
    const run = progress.steps.find((step) => step.command === 'echo building for arm64 > /out');
    expect(run).toMatchObject({ platform: 'linux/amd64', target: 'linux/arm64', seconds: 0.6, stage: 'build' });
    const from = progress.steps.find((step) => step.id === 5);
    expect(from && fromCache(from)).toBe(true);
  });

  it('a cache reference that does not exist yet is an import error, not a failed step', () => {
    const progress = read('cache-import-missing');
    expect(progress.imports).toEqual([
      {
        id: 4,
        reference: '127.0.0.1:5001/x17/nothing:here',
        error: 'failed to configure registry cache importer: 127.0.0.1:5001/x17/nothing:here: not found'
      }
    ]);
    expect(progress.steps.every((step) => step.error === undefined)).toBe(true);
  });

  it('stamps DONE with the clock, and skips lines that are not progress', () => {
    let now = 5;
    const reader = new ProgressReader(() => now);
    for (const line of [
      'WARNING: something',
      '#3 [linux/arm64 2/3] RUN make',
      '#3 0.512 compiling…',
      '#3 ...',
      '',
      '#3 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2'
    ])
      reader.line(line);
    now = 9000;
    reader.line('#4 [linux/arm64 3/3] RUN make install');
    reader.line('#4 DONE 7.5s');
    const [make, install] = reader.progress.steps;
    expect(make?.error).toBe('process "/bin/sh -c make" did not complete successfully: exit code: 2');
    expect(make?.seconds).toBeUndefined();
    expect(install).toMatchObject({ seconds: 7.5, doneAt: 9000 });
  });

  describe('the image export into an OCI layout', () => {
    const twoPlatforms = 'sha256:284ed6e75de936889c1d832736b11bacc18a7e82113f5af04fe0a00570cfe61e';
    const onePlatform = 'sha256:d6e50eaa7be8405ab7fa00d33c1696403a562818a43350d68e59200163042f21';
    const edit =
      (from: RegExp, to: string) =>
      (lines: string[]): string[] =>
        lines.map((line) => line.replace(from, to));
    const same = (lines: string[]): string[] => lines;
    it.each<[string, string, (lines: string[]) => string[], string[]]>([
      // Each index.json digest, as buildx wrote it into the layout after the build.
      ['two platforms with attestations: the index', 'oci-layout-two-platforms', same, [twoPlatforms]],
      ['one platform, no attestation: its image manifest', 'oci-layout-one-platform', same, [onePlatform]],
      ['an export that failed', 'oci-layout-two-platforms', edit(/^#13 DONE .*$/, '#13 ERROR: failed to copy'), []],
      ['an export that never said DONE', 'oci-layout-two-platforms', edit(/^#13 DONE .*$/, ''), []],
      [
        'two image manifests and no index: no top to name',
        'oci-layout-two-platforms',
        edit(/^#13 exporting manifest list .*$/, ''),
        []
      ],
      [
        'a cache export is no image export',
        'oci-layout-two-platforms',
        edit(/^#13 exporting to oci image format$/, '#13 exporting cache to registry'),
        []
      ]
    ])('%s', (_, name, change, expected) => {
      const heard: string[] = [];
      const reader = new ProgressReader(Date.now, (digest) => heard.push(digest));
      const lines = change(fixture(name));
      const vertex = lines.map((line) => /^(#\d+) exporting to oci image format$/.exec(line)?.[1]).find(Boolean);
      const done = lines.findIndex((line) => line.startsWith(`${vertex} DONE`));
      for (const [index, line] of lines.entries()) {
        reader.line(line);
        // Heard on the DONE line, not before: a blob may still be on its way until then.
        if (index < done) expect(heard).toEqual([]);
      }
      expect(heard).toEqual(expected);
    });
  });
});
