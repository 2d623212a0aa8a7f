// The job's buildx builds as the runner's buildx node, so BuildKit keeps sending only the context's
// changed files: the user's id when there is one, else one this action keeps; never a malformed one,
// and never a write into the user's own config.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shareNodeIdentity } from '../../../src/buildx/node-identity.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'mab-node-identity-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Runner {
  jobConfigDir: string;
  userDir: string;
  env: NodeJS.ProcessEnv;
}

/** A job config, a user config (with a node id when given) and a private cache base. */
function runner(userNodeId?: string, extraEnv: NodeJS.ProcessEnv = {}): Runner {
  const base = mkdtempSync(path.join(root, 'runner-'));
  const userDir = path.join(base, 'home', '.docker');
  mkdirSync(path.join(userDir, 'buildx'), { recursive: true });
  if (userNodeId !== undefined) writeFileSync(path.join(userDir, 'buildx', '.buildNodeID'), userNodeId);
  const jobConfigDir = path.join(base, 'job-config');
  mkdirSync(jobConfigDir);
  return { jobConfigDir, userDir, env: { RUNNER_TOOL_CACHE: path.join(base, 'tool-cache'), ...extraEnv } };
}

const jobNodeId = ({ jobConfigDir }: Runner): string | undefined => {
  const file = path.join(jobConfigDir, 'buildx', '.buildNodeID');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

describe('shareNodeIdentity', () => {
  it("gives the job the user's node id, private to the user, and leaves the user's file as it was", () => {
    const job = runner('0123456789abcdef');
    expect(shareNodeIdentity(job)).toBe('user');
    expect(jobNodeId(job)).toBe('0123456789abcdef');
    expect(statSync(path.join(job.jobConfigDir, 'buildx', '.buildNodeID')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(job.jobConfigDir, 'buildx')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(job.userDir, 'buildx', '.buildNodeID'), 'utf8')).toBe('0123456789abcdef');
  });

  it('reads the id where the user pointed buildx (BUILDX_CONFIG)', () => {
    const elsewhere = mkdtempSync(path.join(root, 'buildx-config-'));
    writeFileSync(path.join(elsewhere, '.buildNodeID'), 'fedcba9876543210');
    const job = runner('0123456789abcdef', { BUILDX_CONFIG: elsewhere });
    expect(shareNodeIdentity(job)).toBe('user');
    expect(jobNodeId(job)).toBe('fedcba9876543210');
  });

  it.each([
    ['no id', undefined],
    ['an empty file', ''],
    ['a trailing newline', '0123456789abcdef\n'],
    ['a path', '../../etc/passwd'],
    ['too long', '0123456789abcdef0'],
    ['upper case', '0123456789ABCDEF']
  ])('with %s in the user config, keeps its own id, the same for every later job', (_, userNodeId) => {
    const first = runner(userNodeId);
    expect(shareNodeIdentity(first)).toBe('kept');
    const kept = jobNodeId(first);
    expect(kept).toMatch(/^[0-9a-f]{16}$/);
    // A later job on the same runner (same tool cache, new job config).
    const later = { ...runner(userNodeId), env: first.env };
    expect(shareNodeIdentity(later)).toBe('kept');
    expect(jobNodeId(later)).toBe(kept);
    // Nothing written into the user's config.
    const userFile = path.join(first.userDir, 'buildx', '.buildNodeID');
    expect(existsSync(userFile) ? readFileSync(userFile, 'utf8') : undefined).toBe(userNodeId);
  });

  it('two runners keep two ids', () => {
    const one = runner();
    const other = runner();
    shareNodeIdentity(one);
    shareNodeIdentity(other);
    expect(jobNodeId(one)).not.toBe(jobNodeId(other));
  });

  it('leaves buildx to make a new id when there is no private place to keep one', () => {
    const nowhere = { ...runner(), env: {} };
    expect(shareNodeIdentity(nowhere)).toBeUndefined();
    expect(jobNodeId(nowhere)).toBeUndefined();
    const open = runner();
    const base = open.env['RUNNER_TOOL_CACHE'] as string;
    mkdirSync(base);
    chmodSync(base, 0o777);
    expect(shareNodeIdentity(open)).toBeUndefined();
    expect(jobNodeId(open)).toBeUndefined();
  });

  it('never replaces an id the job config already has', () => {
    const job = runner('0123456789abcdef');
    mkdirSync(path.join(job.jobConfigDir, 'buildx'));
    writeFileSync(path.join(job.jobConfigDir, 'buildx', '.buildNodeID'), 'aaaaaaaaaaaaaaaa');
    expect(shareNodeIdentity(job)).toBeUndefined();
    expect(jobNodeId(job)).toBe('aaaaaaaaaaaaaaaa');
  });
});
