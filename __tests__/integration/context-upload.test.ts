// BuildKit keeps a build's context upload under buildx's node id and then receives only the files
// that changed. The action's job config must not cost a runner that: a second build of the same
// context, one small file changed, uploads that file and not the 8 MB beside it, whether the id is the
// user's own buildx's or one the action keeps between jobs.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { busyboxDockerfile, fixtureContext, runLocal } from '../helpers/e2e.js';

const PAYLOAD_BYTES = 8 * 1024 * 1024;
const units: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

/** The largest context upload of a run, in bytes, from BuildKit's "transferring context: 8.39MB" lines. */
function largestContextUpload(stdout: string): number {
  const sizes = [...stdout.matchAll(/transferring context: ([\d.]+)(B|kB|MB|GB)/g)].map(
    ([, size, unit]) => Number(size) * (units[unit as string] ?? NaN)
  );
  if (sizes.length === 0) throw new Error(`no context upload in:\n${stdout}`);
  return Math.max(...sizes);
}

/** A runner: the user's Docker config (with buildx's node id when given) and a tool cache kept between jobs. */
function runnerEnv(userNodeId?: string): Record<string, string> {
  const base = mkdtempSync(path.join(tmpdir(), 'mab-context-upload-'));
  const userConfig = path.join(base, 'docker');
  mkdirSync(path.join(userConfig, 'buildx'), { recursive: true });
  if (userNodeId) writeFileSync(path.join(userConfig, 'buildx', '.buildNodeID'), userNodeId);
  return { DOCKER_CONFIG: userConfig, RUNNER_TOOL_CACHE: path.join(base, 'tool-cache') };
}

async function twoBuilds(env: Record<string, string>): Promise<{ first: string; second: string }> {
  const context = fixtureContext(`${busyboxDockerfile}COPY payload.bin /payload.bin\nCOPY changed.txt /changed.txt\n`);
  writeFileSync(path.join(context, 'payload.bin'), randomBytes(PAYLOAD_BYTES));
  const build = async (round: number): Promise<string> => {
    writeFileSync(path.join(context, 'changed.txt'), `round ${round} ${Date.now()}\n`);
    const run = await runLocal({ context, platforms: 'linux/amd64', push: 'false' }, { env });
    expect(run.main.code).toBe(0);
    return run.main.stdout;
  };
  return { first: await build(1), second: await build(2) };
}

describe('the context upload of a later build', () => {
  it.each([
    ["the user's buildx node id", `${randomBytes(8).toString('hex')}`, "the runner's own"],
    ['no node id of the user: the one the action keeps', undefined, 'the one this action keeps on the runner']
  ])('with %s, sends only the changed file', async (_, userNodeId, line) => {
    const { first, second } = await twoBuilds(runnerEnv(userNodeId));
    // The first build uploads the payload; the second only what changed (a few hundred bytes).
    expect(largestContextUpload(first)).toBeGreaterThan(PAYLOAD_BYTES);
    expect(largestContextUpload(second)).toBeLessThan(100_000);
    expect(first).toContain(`buildx node id: ${line}`);
    expect(second).toContain(`buildx node id: ${line}`);
  });
});
