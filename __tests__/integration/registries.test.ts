// One step, two registries, each behind its own htpasswd login with other credentials: the same
// three-platform index lands in both, and no credential outlives the post step.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import {
  busyboxDockerfile,
  env,
  everythingPrinted,
  fixtureContext,
  inspectIndex,
  runLocal,
  secretLeaks,
  uniqueRepository
} from '../helpers/e2e.js';

/** Every file under `dir` whose content mentions one of `needles`. */
function filesMentioning(dir: string, needles: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => path.join(dir, entry))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true)
    .filter((file) => {
      const text = readFileSync(file).toString('latin1');
      return needles.some((needle) => text.includes(needle));
    });
}

const basic = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString('base64');

describe('registry-auth: one step pushes to two registries', () => {
  const first = `${uniqueRepository('app')}:1.0.0`;
  const second = first.replace(env.registry, env.registry2);
  const userConfig = path.join(process.env['DOCKER_CONFIG'] || path.join(homedir(), '.docker'), 'config.json');
  const userConfigBefore = existsSync(userConfig) ? readFileSync(userConfig, 'utf8') : undefined;
  let run: Awaited<ReturnType<typeof runLocal>>;

  beforeAll(async () => {
    run = await runLocal({
      context: fixtureContext(busyboxDockerfile),
      platforms: 'linux/amd64,arm64,armv7',
      tags: `${first}\n${second}`,
      'registry-auth': [
        `- registry: ${env.registry}`,
        `  username: ${env.user}`,
        `  password: ${env.password}`,
        `- registry: ${env.registry2}`,
        `  username: ${env.user2}`,
        `  password: "${env.password2}"`
      ].join('\n')
    });
  });

  it('succeeds in main and post, having logged in to each registry with its own login', () => {
    expect(run.main.stderr + run.main.stdout).not.toMatch(/::error::/);
    expect(run.main.code).toBe(0);
    expect(run.post?.code).toBe(0);
    expect(run.main.stdout).toContain(`Logged in to ${env.registry} as ${env.user}`);
    expect(run.main.stdout).toContain(`Logged in to ${env.registry2} as ${env.user2}`);
    expect(run.main.stdout).toMatch(/Verified 2 tag\(s\) in the registry/);
  });

  it('both registries serve the same three-platform index, the digest of the output', () => {
    const digest = run.outputs['digest'];
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const reference of [first, second]) {
      const served = inspectIndex(reference);
      expect(served?.digest).toBe(digest);
      expect(served?.platforms).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
    }
  });

  it('masks both passwords and prints neither', () => {
    for (const password of [env.password, env.password2]) {
      expect(run.main.stdout).toContain(`::add-mask::${password}`);
      expect(secretLeaks(everythingPrinted(run), password)).toEqual([]);
    }
  });

  it('leaves no credentials behind: the job config is gone and the user config is untouched', () => {
    expect(run.state['dockerConfig']).toContain(run.dir);
    expect(existsSync(run.state['dockerConfig'] ?? '/nonexistent')).toBe(false);
    const secrets = [env.password, env.password2, basic(env.user, env.password), basic(env.user2, env.password2)];
    expect(filesMentioning(run.dir, secrets)).toEqual([]);
    expect(existsSync(userConfig) ? readFileSync(userConfig, 'utf8') : undefined).toBe(userConfigBefore);
  });
});
