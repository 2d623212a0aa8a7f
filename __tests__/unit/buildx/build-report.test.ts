// The build's progress read back per platform: the cache's counts, and the cost of emulation with
// its advice only when emulated RUN steps are most of the build.
import { describe, expect, it } from '@jest/globals';
import { ADVICE_SHARE, buildReport, shorten, type ReportRequest } from '../../../src/buildx/emulation-report.js';
import { instructionLines } from '../../../src/buildx/dockerfile-lines.js';
import { ProgressReader } from '../../../src/buildx/progress.js';

const dockerfile = `FROM python:3.12
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN python -m compileall .
`;

/** Feeds lines at given times (ms): [time, line]. */
function progressOf(lines: [number, string][]) {
  let now = 0;
  const reader = new ProgressReader(() => now);
  for (const [time, line] of lines) {
    now = time;
    reader.line(line);
  }
  return reader.progress;
}

const request = (lines: [number, string][], change: Partial<ReportRequest> = {}): ReportRequest => ({
  progress: progressOf(lines),
  platforms: ['linux/amd64', 'linux/arm64'],
  emulated: ['linux/arm64'],
  startedAt: 0,
  endedAt: 100_000,
  dockerfile: instructionLines(dockerfile),
  cacheLine: 'cache: registry: reading …',
  workflow: 'acme/multiarch-build-push/.github/workflows/build.yml@v1',
  secrets: [],
  ...change
});

// amd64 from the cache but its last step; arm64's pip install ran 60 s under QEMU, then compileall 20 s.
const slowArm: [number, string][] = [
  [1000, '#5 [linux/amd64 2/5] COPY requirements.txt .'],
  [1000, '#5 CACHED'],
  [1000, '#6 [linux/amd64 3/5] RUN pip install -r requirements.txt'],
  [1000, '#6 CACHED'],
  [1000, '#7 [linux/amd64 4/5] COPY . .'],
  [1000, '#7 CACHED'],
  [2000, '#8 [linux/arm64 2/5] COPY requirements.txt .'],
  [2000, '#8 DONE 0.1s'],
  [2000, '#9 [linux/arm64 3/5] RUN pip install -r requirements.txt'],
  [62_000, '#9 DONE 60.0s'],
  [62_000, '#10 [linux/arm64 4/5] COPY . .'],
  [62_500, '#10 DONE 0.1s'],
  [63_000, '#11 [linux/amd64 5/5] RUN python -m compileall .'],
  [64_000, '#11 DONE 1.0s'],
  [64_000, '#12 [linux/arm64 5/5] RUN python -m compileall .'],
  [84_000, '#12 DONE 20.0s'],
  [90_000, '#13 exporting cache to registry'],
  [90_000, '#13 writing layer sha256:' + 'a'.repeat(64)],
  [90_000, '#13 writing layer sha256:' + 'b'.repeat(64) + ' 0.1s done'],
  [90_000, '#13 writing layer sha256:' + 'a'.repeat(64) + ' 0.0s done'],
  [91_000, '#13 writing cache manifest sha256:' + 'c'.repeat(64) + ' 0.0s done'],
  [91_000, '#13 DONE 1.0s']
];

describe('buildReport', () => {
  it('counts each platform’s steps from the cache and what the export wrote', () => {
    const report = buildReport(request(slowArm));
    expect(report.platforms.map(({ platform, steps, fromCache }) => [platform, steps, fromCache])).toEqual([
      ['linux/amd64', 4, 3],
      ['linux/arm64', 4, 0]
    ]);
    expect(report.cacheExports).toEqual(['cache exported: 2 layer(s), manifest sha256:cccccccccccc…']);
  });

  it('names the slow emulated steps with their Dockerfile line, their time, the share and the two ways out', () => {
    const report = buildReport(request(slowArm));
    const arm = report.platforms[1];
    expect(arm?.emulatedSeconds).toBe(80);
    expect(arm?.slowest).toEqual([
      { line: 3, command: 'RUN pip install -r requirements.txt', seconds: 60, share: 0.6 },
      { line: 5, command: 'RUN python -m compileall .', seconds: 20, share: 0.2 }
    ]);
    expect(report.platforms[0]?.emulatedSeconds).toBe(0);
    // 2 s to 62 s and 64 s to 84 s of a 100 s build.
    expect(report.emulation?.share).toBeCloseTo(0.8);
    expect(report.emulation?.line).toBe(
      "Emulation: linux/arm64 80.0 s in RUN steps under QEMU (slowest: line 3: RUN pip install -r requirements.txt 60.0 s, 60% of the build); 80% of the build's 100.0 s"
    );
    const advice = report.emulation?.advice.join('\n') ?? '';
    expect(advice).toContain('RUN steps under QEMU took 80% of this build');
    // The measured 6× for arm64: 80 s would be about 13.3 s natively.
    expect(advice).toContain('FROM --platform=$BUILDPLATFORM');
    expect(advice).toContain('about 13.3 s instead of 80.0 s');
    expect(advice).toContain('uses: acme/multiarch-build-push/.github/workflows/build.yml@v1');
  });

  it('parallel emulated steps count once in the share', () => {
    const lines: [number, string][] = [
      [0, '#1 [linux/arm64 2/2] RUN make'],
      [0, '#2 [linux/arm/v7 2/2] RUN make'],
      [50_000, '#1 DONE 50.0s'],
      [60_000, '#2 DONE 60.0s']
    ];
    const report = buildReport(
      request(lines, { platforms: ['linux/arm64', 'linux/arm/v7'], emulated: ['linux/arm64', 'linux/arm/v7'] })
    );
    expect(report.emulation?.share).toBeCloseTo(0.6);
    expect(report.emulation?.advice).not.toEqual([]);
  });

  it('below the threshold: the line, but no advice', () => {
    const lines: [number, string][] = [
      [30_000, '#1 [linux/arm64 2/2] RUN make'],
      [30_000, '#1 DONE 30.0s']
    ];
    const report = buildReport(request(lines));
    expect(report.emulation?.share).toBeCloseTo(0.3);
    expect(report.emulation?.share).toBeLessThan(ADVICE_SHARE);
    expect(report.emulation?.advice).toEqual([]);
  });

  it('says nothing about emulation when no RUN step ran under QEMU', () => {
    const cached: [number, string][] = [
      [1000, '#9 [linux/arm64 3/5] RUN pip install -r requirements.txt'],
      [1000, '#9 CACHED']
    ];
    expect(buildReport(request(cached)).emulation).toBeUndefined();
    // Native nodes for both platforms (the reusable workflow's legs, a multi-node builder).
    expect(buildReport(request(slowArm, { emulated: [] })).emulation).toBeUndefined();
  });

  it('one platform: its steps carry no platform and are all its own', () => {
    const lines: [number, string][] = [
      [10_000, '#3 [2/2] RUN make'],
      [10_000, '#3 DONE 9.0s']
    ];
    const report = buildReport(request(lines, { platforms: ['linux/arm64'], emulated: ['linux/arm64'] }));
    expect(report.platforms).toMatchObject([{ platform: 'linux/arm64', steps: 1, fromCache: 0, emulatedSeconds: 9 }]);
  });

  it('a cross-compiling stage runs natively even when it builds for an emulated platform', () => {
    const lines: [number, string][] = [
      [10_000, '#3 [linux/amd64->arm64 build 2/2] RUN go build'],
      [10_000, '#3 DONE 9.0s']
    ];
    const report = buildReport(request(lines));
    expect(report.emulation).toBeUndefined();
    expect(report.platforms[1]).toMatchObject({ platform: 'linux/arm64', steps: 1 });
  });

  it('hides every secret value a RUN step shows expanded, before shortening it', () => {
    const token = 'ghp_' + 'x'.repeat(70);
    const lines: [number, string][] = [
      [10_000, `#3 [linux/arm64 2/2] RUN curl -H "Authorization: ${token}" https://example.com/deps`],
      [10_000, '#3 DONE 9.0s']
    ];
    const report = buildReport(request(lines, { secrets: ['x'.repeat(70), token] }));
    const shown = JSON.stringify(report);
    expect(shown).not.toContain('xxxxxxxx');
    expect(report.platforms[1]?.slowest[0]?.command).toBe('RUN curl -H "Authorization: ***" https://example.com/deps');
    expect(report.emulation?.line).toContain('Authorization: ***');
  });

  it('shortens long commands on one line', () => {
    expect(shorten(`RUN ${'x'.repeat(100)}\n  && y`)).toHaveLength(60);
    expect(shorten('RUN a\n   b')).toBe('RUN a b');
  });
});
