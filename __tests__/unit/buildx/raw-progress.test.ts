// buildx's rawjson progress rendered as plain progress, read back from real output of buildx 0.13.1 on
// Docker 26 (the rawjson-* files in __fixtures__/buildx-progress were captured on the test machine's
// daemon), and in small hand-made statuses for the cases a recording does not pin down.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildReport } from '../../../src/buildx/emulation-report.js';
import { instructionLines } from '../../../src/buildx/dockerfile-lines.js';
import { ProgressReader } from '../../../src/buildx/progress.js';
import { RawProgressRenderer } from '../../../src/buildx/raw-progress.js';

const recorded = (name: string): string[] =>
  readFileSync(path.join('__fixtures__', 'buildx-progress', `${name}.txt`), 'utf8').split('\n');

function render(lines: readonly string[]): string[] {
  const shown: string[] = [];
  const renderer = new RawProgressRenderer((line) => shown.push(line));
  for (const line of lines) renderer.line(line);
  renderer.end();
  return shown;
}

function read(lines: readonly string[]) {
  const reader = new ProgressReader(() => 0);
  for (const line of lines) reader.line(line);
  return reader.progress;
}

/** One status object as buildx prints it: indented JSON, braces on lines of their own. */
const status = (value: object): string[] => JSON.stringify(value, null, 2).split('\n');
const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const vertex = (digest: string, name: string, inputs: string[] = [], more: object = {}) => ({
  digest,
  name,
  inputs,
  started: at(0),
  completed: at(2),
  ...more
});

describe('RawProgressRenderer on recorded buildx output', () => {
  it('names a RUN step whose text is the same for every platform with its platform, from its inputs', () => {
    const shown = render(recorded('rawjson-same-step-two-platforms'));
    expect(shown).toContain(
      '#7 [linux/arm64 3/4] RUN i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; echo "10592" > /slow'
    );
    expect(shown).toContain(
      '#10 [linux/amd64 3/4] RUN i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; echo "10592" > /slow'
    );
    const slow = read(shown).steps.filter((step) => step.command.startsWith('i=0; while'));
    expect(slow.map(({ id, platform, seconds }) => ({ id, platform, seconds }))).toEqual([
      { id: 7, platform: 'linux/arm64', seconds: 0.8 },
      { id: 10, platform: 'linux/amd64', seconds: 0.4 }
    ]);
    // Nothing of the JSON reaches the log.
    expect(shown.filter((line) => /^[{}]$|"vertexes"|"digest"/.test(line))).toEqual([]);
  });

  it('plain progress of the same build names neither platform: why rawjson is read', () => {
    const steps = read(recorded('plain-same-step-two-platforms')).steps.filter((step) =>
      step.command.startsWith('i=0; while')
    );
    expect(steps.map((step) => step.platform)).toEqual([undefined, undefined]);
  });

  it('the emulation line names the slow step, its platform and its share, from the rendered progress', () => {
    // The Dockerfile of the recording.
    const dockerfile = [
      'FROM scratch',
      'ARG TARGETARCH',
      'COPY busybox-${TARGETARCH} /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      'ARG NONCE=1',
      'RUN i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; echo "$NONCE" > /slow',
      'RUN echo done > /done'
    ].join('\n');
    const report = buildReport({
      progress: read(render(recorded('rawjson-same-step-two-platforms'))),
      platforms: ['linux/amd64', 'linux/arm64'],
      emulated: ['linux/arm64'],
      startedAt: 0,
      endedAt: 2000,
      dockerfile: instructionLines(dockerfile),
      cacheLine: 'cache: off',
      workflow: 'acme/multiarch-build-push/.github/workflows/build.yml@v1',
      secrets: []
    });
    expect(report.emulation?.line).toMatch(
      /^Emulation: linux\/arm64 1\.0 s in RUN steps under QEMU \(slowest: line 6: RUN i=0; while .* 0\.8 s, 40% of the build\)/
    );
    expect(report.platforms.map((entry) => [entry.platform, entry.emulatedSeconds])).toEqual([
      ['linux/amd64', 0],
      ['linux/arm64', 1]
    ]);
  });

  it('a failed step: its output decoded, its error, the other platform cancelled, buildx’s own text as it is', () => {
    const shown = render(recorded('rawjson-failed-step'));
    expect(shown).toEqual(
      expect.arrayContaining([
        '#6 0.200 hello',
        '#6 0.202 world',
        '#6 ERROR: process "/bin/busybox sh -c echo hello; echo world >&2; echo \\"##[error]x\\"; exit 3" did not complete successfully: exit code: 3',
        '#8 CANCELED',
        '   4 | >>> RUN ["/bin/busybox", "sh", "-c", "echo hello; echo world >&2; echo \\"##[error]x\\"; exit 3"]'
      ])
    );
    expect(shown.filter(Boolean).at(-1)).toMatch(/^ERROR: failed to solve: process /);
    const failed = read(shown).steps.filter((step) => step.error);
    expect(failed.map(({ id, platform }) => ({ id, platform }))).toEqual([{ id: 6, platform: 'linux/arm64' }]);
  });

  it('a cache export: every layer and the manifest, as plain progress says them', () => {
    const { exports } = read(render(recorded('rawjson-cache-export')));
    expect(exports).toEqual([
      {
        id: 14,
        name: 'exporting cache to registry',
        layers: 7,
        manifest: 'sha256:375174257e7c1a0d5b7b00f643bf691aa59c3af7d59d4908993442d82bb9fa09'
      }
    ]);
  });
});

describe('RawProgressRenderer, case by case', () => {
  const base = vertex('sha256:b', '[linux/arm64 1/3] FROM scratch-ish', [], { cached: true });
  it.each<[string, object[], string, string]>([
    [
      'a name with its platform stays as it is',
      [base, vertex('sha256:r', '[linux/arm64 2/3] RUN make', ['sha256:b'])],
      'sha256:r',
      '[linux/arm64 2/3] RUN make'
    ],
    [
      'the platform of a step two inputs back',
      [base, vertex('sha256:c', '[2/3] COPY . .', ['sha256:b']), vertex('sha256:r', '[3/3] RUN make', ['sha256:c'])],
      'sha256:r',
      '[linux/arm64 3/3] RUN make'
    ],
    [
      'a cross-compiling stage keeps both platforms',
      [
        vertex('sha256:b', '[linux/amd64->arm64 build 1/2] FROM x', []),
        vertex('sha256:r', '[build 2/2] RUN make', ['sha256:b'])
      ],
      'sha256:r',
      '[linux/amd64->arm64 build 2/2] RUN make'
    ],
    [
      'the first input (the step’s own stage) before a COPY --from source',
      [
        vertex('sha256:a', '[linux/amd64 1/2] FROM a', []),
        base,
        vertex('sha256:r', '[2/2] COPY --from=a /x /x', ['sha256:b', 'sha256:a'])
      ],
      'sha256:r',
      '[linux/arm64 2/2] COPY --from=a /x /x'
    ],
    [
      'no platform among the inputs: the name as BuildKit gave it',
      [vertex('sha256:c', '[internal] load build context', []), vertex('sha256:r', '[2/2] RUN make', ['sha256:c'])],
      'sha256:r',
      '[2/2] RUN make'
    ],
    [
      'a step counter is not a platform',
      [vertex('sha256:c', '[1/2] COPY x /x', []), vertex('sha256:r', '[2/2] RUN make', ['sha256:c'])],
      'sha256:r',
      '[2/2] RUN make'
    ],
    [
      'an internal vertex is not a step',
      [base, vertex('sha256:r', '[internal] load build context', ['sha256:b'])],
      'sha256:r',
      '[internal] load build context'
    ],
    [
      'inputs that loop end the search',
      [vertex('sha256:x', '[1/2] COPY x /x', ['sha256:r']), vertex('sha256:r', '[2/2] RUN make', ['sha256:x'])],
      'sha256:r',
      '[2/2] RUN make'
    ]
  ])('%s', (_case, vertexes, digest, expected) => {
    const shown = render(status({ vertexes }));
    const number = [...new Set(vertexes.map((entry) => (entry as { digest: string }).digest))].indexOf(digest) + 1;
    expect(shown).toContain(`#${number} ${expected}`);
  });

  it('prints a header when a vertex starts, and its end once: DONE with its time, CACHED, or ERROR', () => {
    const run = { digest: 'sha256:r', name: '[linux/arm64 2/2] RUN make', inputs: [] };
    const shown = render([
      ...status({ vertexes: [{ ...run, started: at(0) }] }),
      ...status({ vertexes: [{ ...run, started: at(0), completed: at(3) }] }),
      ...status({ vertexes: [{ ...run, started: at(0), completed: at(3) }] }),
      ...status({ vertexes: [vertex('sha256:c', '[linux/amd64 2/2] RUN make', [], { cached: true })] }),
      ...status({ vertexes: [vertex('sha256:e', '[linux/amd64 1/2] COPY x /x', [], { error: 'boom' })] })
    ]);
    expect(shown).toEqual([
      '#1 [linux/arm64 2/2] RUN make',
      '#1 DONE 3.0s',
      '',
      '#2 [linux/amd64 2/2] RUN make',
      '#2 CACHED',
      '',
      '#3 [linux/amd64 1/2] COPY x /x',
      '#3 ERROR: boom'
    ]);
  });

  it('an end in the same instant as the start waits: BuildKit restarts such vertices', () => {
    const load = { digest: 'sha256:l', name: '[internal] load build definition from Dockerfile' };
    const shown = render([
      ...status({ vertexes: [{ ...load, started: at(0), completed: at(0) }] }),
      ...status({ vertexes: [{ ...load, started: at(1) }] }),
      ...status({ vertexes: [{ ...load, started: at(1), completed: at(2) }] })
    ]);
    expect(shown).toEqual(['#1 [internal] load build definition from Dockerfile', '#1 DONE 1.0s']);
  });

  it('statuses once done, with their size; log lines split across messages joined; the rest at the end', () => {
    const run = { digest: 'sha256:r', name: '[linux/arm64 2/2] RUN make', started: at(0) };
    const log = (data: string, second: number) => ({
      vertex: 'sha256:r',
      stream: 1,
      data: Buffer.from(data).toString('base64'),
      timestamp: at(second)
    });
    const shown = render([
      ...status({ vertexes: [run] }),
      ...status({ logs: [log('compiling ', 1)] }),
      ...status({ logs: [log('main.c\nlinking', 2)] }),
      ...status({
        statuses: [{ id: 'writing layer sha256:aa', vertex: 'sha256:r', current: 2_500_000, total: 2_500_000 }]
      }),
      ...status({
        statuses: [
          {
            id: 'writing layer sha256:aa',
            vertex: 'sha256:r',
            current: 2_500_000,
            total: 2_500_000,
            started: at(2),
            completed: at(3)
          }
        ]
      })
    ]);
    expect(shown).toEqual([
      '#1 [linux/arm64 2/2] RUN make',
      '#1 2.000 compiling main.c',
      '#1 writing layer sha256:aa 2.50MB / 2.50MB 1.0s done',
      '#1 0.000 linking'
    ]);
  });

  it.each<[string, string[]]>([
    ['text between objects', ['ERROR: failed to solve: x', '   3 | >>> RUN make']],
    ['a JSON object that is not a status (--call with format=json)', ['{', '  "warnings": 3,', '  "x": 1', '}']],
    ['JSON that does not parse', ['{', '  "vertexes": [', '}']],
    ['an object the command did not finish', ['{', '  "vertexes": [']]
  ])('%s is handed on as it is', (_case, lines) => {
    expect(render(lines)).toEqual(lines);
  });

  it('a warning: on its vertex, or on its own line', () => {
    const short = Buffer.from('FromAsCasing: mismatch\n').toString('base64');
    const shown = render([
      ...status({ vertexes: [vertex('sha256:a', '[linux/arm64 1/1] FROM x')] }),
      ...status({ warnings: [{ vertex: 'sha256:a', short }] }),
      ...status({ warnings: [{ vertex: 'sha256:unknown', short }] })
    ]);
    expect(shown.slice(-2)).toEqual(['#1 WARN: FromAsCasing: mismatch', 'WARNING: FromAsCasing: mismatch']);
  });
});
