// A new check is one module implementing ImageCheck plus one registration line: here the module is
// a fake licence scan written in the test, registered with one line, and the checks phase runs it,
// the promotion waits for it, and the outputs and the job summary report it, with no other change.
// Run through the main step (mode: merge against a fake registry), so nothing else is stubbed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as coreFixture from '../../../__fixtures__/core.js';
import * as execFixture from '../../../__fixtures__/exec.js';
import { rejectionOf } from '../../helpers/errors.js';
import type { CheckSubject, ImageCheck } from '../../../src/checks/image-check.js';

const savedEnv = { ...process.env };
process.env['GITHUB_EVENT_NAME'] = 'push';
process.env['GITHUB_REF'] = 'refs/heads/main';
process.env['GITHUB_SHA'] = '0123456789abcdef0123456789abcdef01234567';
delete process.env['GITHUB_EVENT_PATH'];

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
jest.unstable_mockModule('../../../src/seams/exec.js', () => execFixture);
const { runMain } = await import('../../../src/steps/main.js');
const { imageChecks } = await import('../../../src/checks/registered.js');
const { statuses } = await import('../../../src/checks/image-check.js');
const { ActionError } = await import('../../../src/model/errors.js');
const { OutputKey } = await import('../../../src/model/outcome.js');
const { formatPlatform } = await import('../../../src/model/platforms.js');
const { close, FakeRegistry } = await import('../../helpers/fake-registry.js');
type FakeRegistry = InstanceType<typeof FakeRegistry>;
const { addIndex, tagsIn } = await import('../../helpers/fake-images.js');

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-check-registry-'));
let fake: FakeRegistry;
// What the fake check saw, and the tags the registry held while it ran.
let seen: { subject: CheckSubject; tagsThen: string[] }[] = [];
let verdict: 'pass' | 'fail' = 'pass';

/** The new check's module, as a contributor would write it. */
const licenceScan: ImageCheck = {
  name: 'licence-scan',
  kind: 'reads',
  columns: ['Licence scan'],
  runs: () => true,
  describe: (_subject, result) => `licence scan ${statuses(result)}`,
  run: (subject) => {
    seen.push({ subject, tagsThen: tagsIn(fake, 'acme/app') });
    return Promise.resolve({
      failures: verdict === 'fail' ? ['licence scan: GPL-3.0 in /app/vendor'] : [],
      rows: subject.platforms.map((platform) => ({
        platform: formatPlatform(platform),
        status: verdict,
        cells: [verdict === 'fail' ? 'fail: GPL-3.0' : 'pass']
      }))
    });
  }
};

beforeAll(() => {
  // The one registration line.
  imageChecks.push(licenceScan);
});

afterAll(() => {
  imageChecks.splice(imageChecks.indexOf(licenceScan), 1);
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
  rmSync(root, { recursive: true, force: true });
});

describe('a check added by one module and one registration line', () => {
  let summary = '';
  let source = '';

  beforeEach(async () => {
    coreFixture.resetCoreMock();
    execFixture.resetExecMock();
    execFixture.run.mockImplementation(async (_command, args, options) => {
      if (args[0] === 'login') return execFixture.storeLogin(args, options);
      throw new Error(`unexpected command docker ${args.join(' ')}`);
    });
    fake = await new FakeRegistry('basic', 'mab', 'pw').start();
    const legs = addIndex(fake, 'legs/app', [{ architecture: 'amd64' }]);
    source = `${fake.registry}/legs/app@${legs.digest}`;
    process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'temp-'));
    // One file for every test: @actions/core's summary keeps the path it first read, as one step does.
    summary ||= path.join(mkdtempSync(path.join(root, 'summary-')), 'summary.md');
    writeFileSync(summary, '');
    process.env['GITHUB_STEP_SUMMARY'] = summary;
    seen = [];
    verdict = 'pass';
  });

  afterEach(() => close(fake.server));

  const merge = (): Promise<void> => {
    coreFixture.setInputs({
      mode: 'merge',
      username: 'mab',
      password: 'pw',
      // The audit reads layers, which this fake registry's are not; verify reads the index back.
      'arch-audit': 'off',
      sources: source,
      tags: `${fake.registry}/acme/app:1.0`,
      platforms: 'amd64'
    });
    return runMain();
  };
  const infoLines = (): string[] => coreFixture.info.mock.calls.map(([line]) => String(line));

  it('runs on the pushed image before any tag moves, and the checks line and the summary report it', async () => {
    await merge();
    const digest = coreFixture.outputs.get(OutputKey.Digest) as string;
    expect(seen).toHaveLength(1);
    expect(seen[0]?.subject).toMatchObject({ pushed: true, digest, repository: `${fake.registry}/acme/app` });
    expect(seen[0]?.subject.platforms.map(formatPlatform)).toStrictEqual(['linux/amd64']);
    // The checks run on the untagged image: the tag moved only after they passed.
    expect(seen[0]?.tagsThen).toStrictEqual([]);
    expect(tagsIn(fake, 'acme/app')).toStrictEqual(['1.0']);
    expect(infoLines()).toContain(
      `Checks: verified by digest in ${fake.registry}/acme/app; arch-audit off; smoke test off; licence scan pass`
    );
    const html = readFileSync(summary, 'utf8');
    expect(html).toContain(
      '<tr><th>Platform</th><th>Architecture audit</th><th>Smoke test</th><th>Exit code</th><th>Last output</th><th>Licence scan</th></tr>'
    );
    // @actions/core writes an empty cell without its (optional) end tag.
    expect(html).toContain('<tr><td>linux/amd64</td><td>off</td><td>off</td><td><td><td>pass</td></tr>');
  });

  it('a failure it reports holds every tag back and fails the step, naming it', async () => {
    verdict = 'fail';
    const error = await rejectionOf(ActionError, merge());
    expect(error.message).toContain('The image failed its checks, so no tag was changed');
    expect(error.message).toContain('- licence scan: GPL-3.0 in /app/vendor');
    expect(tagsIn(fake, 'acme/app')).toStrictEqual([]);
    expect(coreFixture.outputs.get(OutputKey.HeldBack)).toBe(
      `${fake.registry}/acme/app:1.0: the image failed its checks`
    );
    expect(infoLines()).toContain('Promote: no tag moved: 1 check(s) failed');
    expect(readFileSync(summary, 'utf8')).toContain('<td>fail: GPL-3.0</td>');
  });
});
