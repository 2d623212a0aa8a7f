// The registry password and BuildKit secrets never show: not in anything the step prints or
// writes, and not on any process's command line while it runs.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  docker,
  env,
  everythingPrinted,
  fixtureContext,
  readerDockerConfig,
  registryInputs,
  runImage,
  runLocal,
  secretLeaks,
  uniqueRepository
} from '../helpers/e2e.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const randomSuffix = (): string => `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 6).toString(36)}`;

/** Every process's argv, joined with spaces. */
function processCommandLines(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (cmdline) found.push(cmdline);
    } catch {
      // the process ended between readdir and read
    }
  }
  return found;
}

/** busybox, then a step that fails unless the secret is mounted and non-empty. */
function secretContext(): string {
  return fixtureContext(`FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN echo ${randomSuffix()} > /fresh
ARG API_TOKEN
RUN --mount=type=secret,id=MY_TOKEN,required=true test -s /run/secrets/MY_TOKEN && wc -c < /run/secrets/MY_TOKEN > /secret-length
`);
}

const secretInputs = (secret: string, reference: string): Record<string, string> => ({
  context: secretContext(),
  platforms: 'linux/amd64,linux/arm64',
  tags: reference,
  ...registryInputs(),
  secrets: `MY_TOKEN=${secret}`,
  'build-args': 'API_TOKEN=not-secret'
});

describe('the password and BuildKit secrets stay out of the logs', () => {
  const secret = `s3cr3t-value-${randomSuffix()}`;
  const reference = `${uniqueRepository('secrets')}:1.0.0`;
  let run: Awaited<ReturnType<typeof runLocal>>;
  let printed: string;

  beforeAll(async () => {
    run = await runLocal(secretInputs(secret, reference));
    const files = ['state', 'env', 'path'].map((name) => readFileSync(path.join(run.dir, name), 'utf8'));
    printed = [everythingPrinted(run), ...files].join('\n');
  });

  it('builds with the secret mounted on every platform', () => {
    expect(run.main.stdout).not.toMatch(/::error::/);
    expect(run.main.code).toBe(0);
    expect(run.post?.code).toBe(0);
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      expect(runImage(reference, platform, ['/secret-length'], '/bin/cat').stdout.trim()).toBe(String(secret.length));
    }
  });

  it('masks both values for the runner', () => {
    expect(run.main.stdout).toContain(`::add-mask::${env.password}`);
    expect(run.main.stdout).toContain(`::add-mask::${secret}`);
  });

  it('prints neither value anywhere else: logs, summary, outputs, state', () => {
    expect(run.summary).toContain(reference);
    expect(secretLeaks(printed, env.password)).toEqual([]);
    expect(secretLeaks(printed, secret)).toEqual([]);
  });

  it('keeps the secret out of the image config and history', () => {
    const image = docker(['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Image}}'], {
      config: readerDockerConfig()
    });
    expect(image.code).toBe(0);
    expect(image.stdout).toContain('/secret-length');
    expect(image.stdout).not.toContain(secret);
  });

  it('warns that a secret-looking build-arg belongs in the secrets input', () => {
    const warning = run.main.stdout.split('\n').find((line) => line.startsWith('::warning::build-arg API_TOKEN'));
    expect(warning).toContain('looks like a secret');
    expect(warning).toContain('secrets input');
    expect(warning).toContain('RUN --mount=type=secret,id=API_TOKEN');
    // Only the name that looks like a secret is flagged.
    expect(run.main.stdout).not.toMatch(/::warning::build-arg MY_TOKEN/);
  });
});

describe('no secret on any command line while the action runs', () => {
  it('argv of every process, sampled every ~20 ms, never holds the password or the secret', async () => {
    const secret = `s3cr3t-value-${randomSuffix()}`;
    const seen = new Set<string>();
    let mainExited = false;
    const running = runLocal(secretInputs(secret, `${uniqueRepository('argv')}:1.0.0`), {
      onMainSpawn: (child) => child.on('exit', () => (mainExited = true))
    });
    // Bounded: at most ~10 minutes of sampling even if main never exits.
    for (let sample = 0; sample < 30_000 && !mainExited; sample++) {
      for (const cmdline of processCommandLines()) seen.add(cmdline);
      await sleep(20);
    }
    const run = await running;
    expect(run.main.code).toBe(0);
    const all = [...seen];
    // The scan really saw the action's commands, the build with its secret flag among them.
    expect(
      all.some(
        (cmdline) => cmdline.includes('buildx build') && cmdline.includes('--secret id=MY_TOKEN,env=MAB_BUILD_SECRET_0')
      )
    ).toBe(true);
    expect(all.filter((cmdline) => cmdline.includes(env.password))).toEqual([]);
    expect(all.filter((cmdline) => cmdline.includes(secret))).toEqual([]);
  });
});
