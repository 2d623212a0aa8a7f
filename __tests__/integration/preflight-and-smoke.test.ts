// Catching multi-arch mistakes before users do: base images checked before any build, and each
// pushed platform run once. Against the real daemon, QEMU and registry.
import {
  busyboxDockerfile,
  fixtureContext,
  inspectIndex,
  readerDockerConfig,
  registryInputs,
  runLocal,
  uniqueRepository,
  pushTwoPlatformImage
} from '../helpers/e2e.js';
import { actedOn } from '../helpers/workflow-commands.js';

/** A base image that exists for amd64 and arm64 only. */
function pushTwoPlatformBase(): string {
  const reference = `${uniqueRepository('base')}:1`;
  const context = fixtureContext(`${busyboxDockerfile}ENTRYPOINT ["/bin/uname"]\n`);
  const result = pushTwoPlatformImage(reference, context, readerDockerConfig());
  if (result.code !== 0) throw new Error(`pushing the base image failed: ${result.stderr}`);
  return reference;
}

describe('base-image preflight', () => {
  let base: string;
  beforeAll(() => {
    base = pushTwoPlatformBase();
  });
  const appDockerfile = (): string =>
    `ARG BASE=${base}\nFROM --platform=$BUILDPLATFORM ${base} AS tools\nFROM \${BASE}\nRUN uname -m > /app-built-on\n`;

  it('platform-check error: fails before any build, naming the image and linux/riscv64', async () => {
    const reference = `${uniqueRepository('app')}:1`;
    const run = await runLocal({
      context: fixtureContext(appDockerfile()),
      platforms: 'linux/amd64,linux/arm64,linux/riscv64',
      tags: reference,
      ...registryInputs()
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(
      `::error::Base images do not exist for every requested platform:%0A- ${base} (Dockerfile line 3) has no linux/riscv64; it has linux/amd64, linux/arm64`
    );
    expect(run.main.stdout).not.toContain('buildx build');
    expect(run.state['builder']).toBeUndefined();
    expect(inspectIndex(reference)).toBeUndefined();
    expect(run.post?.code).toBe(0);
  });

  it('platform-check trim: builds and pushes only amd64 and arm64', async () => {
    const reference = `${uniqueRepository('app')}:1`;
    const run = await runLocal({
      context: fixtureContext(appDockerfile()),
      platforms: 'linux/amd64,linux/arm64,linux/riscv64',
      'platform-check': 'trim',
      tags: reference,
      ...registryInputs()
    });
    expect(run.main.code).toBe(0);
    expect(run.main.stdout).toMatch(
      /::warning::Platform check: building linux\/amd64, linux\/arm64 only; dropped linux\/riscv64/
    );
    expect(run.outputs['platforms']).toBe('linux/amd64,linux/arm64');
    expect(inspectIndex(reference)?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it('a build arg that points FROM at another image is followed', async () => {
    const run = await runLocal({
      context: fixtureContext(appDockerfile()),
      platforms: 'linux/amd64',
      'build-args': `BASE=${base.replace(/:1$/, ':does-not-exist')}`,
      tags: `${uniqueRepository('app')}:1`,
      ...registryInputs(),
      push: 'false'
    });
    expect(run.main.stdout).toContain(
      `::warning::Platform check: ${base.replace(/:1$/, ':does-not-exist')} was not found or could not be read`
    );
  });
});

describe('smoke runs of each pushed platform', () => {
  it('runs every platform, under QEMU for foreign ones, and reports each', async () => {
    const reference = `${uniqueRepository('smoke')}:1`;
    const context = fixtureContext(`${busyboxDockerfile}ENTRYPOINT ["/bin/uname"]\n`);
    const run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
      tags: reference,
      'smoke-test': '-m',
      ...registryInputs()
    });
    expect(run.main.code).toBe(0);
    const results = JSON.parse(run.outputs['smoke-test'] ?? '[]') as {
      platform: string;
      status: string;
      exitCode: number;
      output: string;
    }[];
    expect(
      results.map(({ platform, status, exitCode, output }) => [platform, status, exitCode, output.trim()])
    ).toEqual([
      ['linux/amd64', 'pass', 0, 'x86_64'],
      ['linux/arm64', 'pass', 0, 'aarch64'],
      ['linux/arm/v7', 'pass', 0, 'armv7l']
    ]);
    expect(run.summary).toContain('Smoke test');
  });

  it('what the image prints can neither rewrite the summary nor become a workflow command', async () => {
    const reference = `${uniqueRepository('smoke-forge')}:1`;
    const forged = [
      '</td></tr></table>## ✅ All checks passed',
      '::error title=Checks::forged error',
      'see ##[warning]forged warning'
    ];
    const context = fixtureContext(
      `${busyboxDockerfile}COPY forge.sh /forge.sh\nENTRYPOINT ["/bin/sh", "/forge.sh"]\n`,
      {
        'forge.sh': `#!/bin/sh\n${forged.map((line) => `echo '${line}'`).join('\n')}\n`
      }
    );
    const run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64',
      tags: reference,
      'smoke-test': 'true',
      ...registryInputs()
    });
    expect(run.main.code).toBe(0);
    // The summary: the output shown as code, escaped, and the tables as the action wrote them.
    const escaped = '&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;## ✅ All checks passed';
    expect(run.summary.split(`<code>${escaped}<br>`)).toHaveLength(3);
    expect(run.summary).not.toContain('</td></tr></table>##');
    // The build's table, the checks' and the smoke runs', each closed where the action closed it.
    expect(run.summary.match(/<table>/g)).toHaveLength(3);
    expect(run.summary.match(/<\/table>/g)).toHaveLength(3);
    expect(run.summary.split('\n').filter((line) => /^\s*#/.test(line))).toEqual([]);
    // The log shows what the image printed, and the runner would act on none of it.
    expect(run.main.stdout).toContain(forged.join('\n'));
    expect(actedOn(run.main.stdout).filter(({ data }) => data.includes('forged'))).toEqual([]);
    expect(actedOn(run.main.stdout).filter(({ command }) => command === 'error')).toEqual([]);
  });

  it('a failing smoke run fails the step and says which platform', async () => {
    const reference = `${uniqueRepository('smoke-fail')}:1`;
    const context = fixtureContext(`${busyboxDockerfile}ENTRYPOINT ["/bin/sh", "-c"]\n`);
    const run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64',
      tags: reference,
      'smoke-test': `'[ "$(uname -m)" = x86_64 ] || exit 7'`,
      ...registryInputs()
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(
      '::error::The image failed its checks, so no tag was changed:%0A- smoke test on linux/arm64 exited 7'
    );
    const results = JSON.parse(run.outputs['smoke-test'] ?? '[]') as {
      platform: string;
      status: string;
      exitCode: number;
    }[];
    expect(results.map(({ platform, status, exitCode }) => `${platform}:${status}:${exitCode}`)).toEqual([
      'linux/amd64:pass:0',
      'linux/arm64:fail:7'
    ]);
    expect(run.post?.code).toBe(0);
  });
});

describe('architecture audit of each pushed platform', () => {
  it('a correct multi-arch image passes the audit and the smoke run', async () => {
    const reference = `${uniqueRepository('audit-ok')}:1`;
    const context = fixtureContext(`${busyboxDockerfile}ENTRYPOINT ["/bin/uname"]\n`);
    const run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
      tags: reference,
      'smoke-test': '-m',
      ...registryInputs()
    });
    expect(run.main.code).toBe(0);
    const audit = JSON.parse(run.outputs['arch-audit'] ?? '[]') as {
      platform: string;
      status: string;
      elfFiles: number;
    }[];
    expect(audit.map(({ platform, status }) => `${platform}:${status}`)).toEqual([
      'linux/amd64:pass',
      'linux/arm64:pass',
      'linux/arm/v7:pass'
    ]);
    expect(audit.every(({ elfFiles }) => elfFiles >= 1)).toBe(true);
    expect(run.summary).toContain('Architecture audit');
  });

  it('an arm64 image carrying the amd64 busybox fails the audit, naming linux/arm64 and the file', async () => {
    const reference = `${uniqueRepository('audit-bad')}:1`;
    // The classic mistake: a prebuilt binary copied without TARGETARCH. It even runs on an x86 runner.
    const context = fixtureContext(
      'FROM scratch\nCOPY busybox-amd64 /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nENTRYPOINT ["/bin/uname"]\n'
    );
    const run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64',
      tags: reference,
      'smoke-test': '-m',
      ...registryInputs()
    });
    expect(run.main.code).toBe(1);
    expect(run.main.stdout).toContain(
      '::error::The image failed its checks, so no tag was changed:%0A- architecture audit: linux/arm64 image contains x86-64 executables: /bin/busybox'
    );
    const audit = JSON.parse(run.outputs['arch-audit'] ?? '[]') as { platform: string; status: string }[];
    expect(audit.map(({ platform, status }) => `${platform}:${status}`)).toEqual([
      'linux/amd64:pass',
      'linux/arm64:fail'
    ]);
    // The smoke run alone would not have caught it: on this x86 host the x86-64 binary runs.
    const smoke = JSON.parse(run.outputs['smoke-test'] ?? '[]') as {
      platform: string;
      status: string;
      output: string;
    }[];
    expect(smoke.find(({ platform }) => platform === 'linux/arm64')).toMatchObject({
      status: 'pass',
      output: 'x86_64'
    });
    expect(run.post?.code).toBe(0);
  });

  it('arch-audit-ignore leaves files that are foreign on purpose alone', async () => {
    const reference = `${uniqueRepository('audit-ignore')}:1`;
    const context = fixtureContext(`${busyboxDockerfile}COPY busybox-amd64 /opt/x86-tools/helper\n`);
    const run = await runLocal({
      context,
      platforms: 'linux/amd64,linux/arm64',
      tags: reference,
      'arch-audit-ignore': '/opt/x86-tools/**',
      ...registryInputs()
    });
    expect(run.main.code).toBe(0);
    const audit = JSON.parse(run.outputs['arch-audit'] ?? '[]') as { status: string }[];
    expect(audit.map(({ status }) => status)).toEqual(['pass', 'pass']);
  });
});
