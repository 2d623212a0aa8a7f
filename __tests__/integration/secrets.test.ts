// The registry password and BuildKit secrets never show: not in anything the step prints or
// writes, and not on any process's command line while it runs.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createJobDockerConfig } from '../../src/registry/docker-config.js';
import { loginToRegistry } from '../../src/registry/registry-login.js';
import { runPost } from '../../src/steps/post.js';
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
  uniqueRepository,
  processCommandLines
} from '../helpers/e2e.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const randomSuffix = (): string => `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 6).toString(36)}`;

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
      for (const { cmdline } of processCommandLines()) seen.add(cmdline);
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

/** A Docker API on loopback that accepts any login: `docker login docker.io` needs Docker Hub otherwise. */
async function fakeDaemonAcceptingLogins(): Promise<{ host: string; logins: string[]; server: Server }> {
  const logins: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.setHeader('Api-Version', '1.45');
      response.setHeader('Content-Type', 'application/json');
      if (request.url?.endsWith('/auth')) {
        logins.push(body);
        response.end(JSON.stringify({ Status: 'Login Succeeded' }));
      } else if (request.url?.endsWith('/_ping')) response.end('OK');
      else response.writeHead(404).end('{"message":"not here"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { host: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`, logins, server };
}

describe("a login never goes to the user's credential helpers", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mab-cred-helper-'));
  const helperLog = path.join(root, 'helper.log');
  const saved = { ...process.env };
  const password = `hub-pw-${randomSuffix()}`;

  beforeAll(() => {
    // A credential helper that records every call and what it was given on stdin.
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, 'docker-credential-mabrecord'),
      `#!/bin/sh\nprintf '%s %s\\n' "$1" "$(cat)" >> ${helperLog}\n[ "$1" = get ] && exit 1\nexit 0\n`,
      { mode: 0o755 }
    );
    const userDir = path.join(root, 'user-docker');
    mkdirSync(userDir);
    const aliases = [
      'docker.io',
      'index.docker.io',
      'https://index.docker.io/v1/',
      'registry-1.docker.io',
      env.registry
    ];
    const credHelpers = Object.fromEntries([...aliases, `https://${env.registry}`].map((key) => [key, 'mabrecord']));
    writeFileSync(path.join(userDir, 'config.json'), JSON.stringify({ credHelpers }));
    process.env['PATH'] = `${bin}:${process.env['PATH'] ?? ''}`;
    process.env['DOCKER_CONFIG'] = userDir;
    process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'runner-temp-'));
  });

  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  beforeEach(() => writeFileSync(helperLog, ''));
  const helperCalls = (): string => (existsSync(helperLog) ? readFileSync(helperLog, 'utf8') : '');

  it('docker login docker.io: docker files it under https://index.docker.io/v1/, in the job config only', async () => {
    const daemon = await fakeDaemonAcceptingLogins();
    process.env['DOCKER_HOST'] = daemon.host;
    try {
      const job = createJobDockerConfig(`mab-cred-${randomSuffix()}`);
      await loginToRegistry('docker.io', { username: 'octocat', password });
      expect(daemon.logins).toHaveLength(1);
      expect(helperCalls()).toBe('');
      const config = JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8')) as {
        auths: Record<string, { auth?: string }>;
      };
      expect(Buffer.from(config.auths['https://index.docker.io/v1/']?.auth ?? '', 'base64').toString()).toBe(
        `octocat:${password}`
      );
      await runPost({ dockerConfig: job.dir, builder: '', driver: 'docker', cleanup: true, smokeContainers: [] });
      expect(existsSync(job.dir)).toBe(false);
    } finally {
      delete process.env['DOCKER_HOST'];
      daemon.server.close();
    }
  });

  it('a real login to the local registry stays in the job config too', async () => {
    const job = createJobDockerConfig(`mab-cred-${randomSuffix()}`);
    await loginToRegistry(env.registry, { username: env.user, password: env.password });
    expect(helperCalls()).toBe('');
    const config = JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8')) as {
      auths: Record<string, unknown>;
    };
    // The entry that keeps docker from choosing a credential store: a host that cannot exist.
    expect(Object.keys(config.auths).sort()).toEqual(
      ['logins-stay-in-this-file.multiarch-build-push.invalid', env.registry].sort()
    );
  });
});

describe("docker never picks a credential store of its own for the job's config", () => {
  // docker/cli: a config with no auths, credHelpers or credsStore gets `pass` when `pass` and
  // docker-credential-pass are on PATH. Both are planted here, recording what they are given.
  const root = mkdtempSync(path.join(os.tmpdir(), 'mab-default-store-'));
  const storeLog = path.join(root, 'store.log');
  const storeDir = path.join(root, 'store');
  const saved = { ...process.env };

  beforeAll(() => {
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    mkdirSync(storeDir);
    writeFileSync(path.join(bin, 'pass'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    // A keychain in files: store keeps what it is given, get answers from it, erase removes it.
    const helper = [
      '#!/bin/sh',
      'input="$(cat)"',
      `printf '%s %s\\n' "$1" "$input" >> ${storeLog}`,
      `key="${storeDir}/$(printf '%s' "$input" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p; t; p' | tr -c 'A-Za-z0-9.\\n' _)"`,
      'case "$1" in',
      '  store) printf "%s" "$input" > "$key" ;;',
      '  get) [ -f "$key" ] && cat "$key" || { echo "credentials not found in native keychain"; exit 1; } ;;',
      '  erase) rm -f "$key" ;;',
      '  list) echo "{}" ;;',
      'esac'
    ].join('\n');
    for (const name of ['docker-credential-pass', 'docker-credential-secretservice'])
      writeFileSync(path.join(bin, name), `${helper}\n`, { mode: 0o755 });
    process.env['PATH'] = `${bin}:${process.env['PATH'] ?? ''}`;
    // A user with no Docker config at all: nothing to copy, so nothing else names a store.
    process.env['DOCKER_CONFIG'] = path.join(root, 'no-user-config');
    process.env['RUNNER_TEMP'] = mkdtempSync(path.join(root, 'runner-temp-'));
  });

  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => writeFileSync(storeLog, ''));
  const storeCalls = (): string => readFileSync(storeLog, 'utf8');

  it('a real docker login to the local registry lands in the job config, never in pass', async () => {
    const job = createJobDockerConfig(`mab-store-${randomSuffix()}`);
    await loginToRegistry(env.registry, { username: env.user, password: env.password });
    expect(storeCalls()).toBe('');
    const config = JSON.parse(readFileSync(path.join(job.dir, 'config.json'), 'utf8')) as {
      auths: Record<string, { auth?: string }>;
      credsStore?: string;
    };
    expect(config.credsStore).toBeUndefined();
    expect(Buffer.from(config.auths[env.registry]?.auth ?? '', 'base64').toString()).toBe(
      `${env.user}:${env.password}`
    );
  });

  it('a login docker filed in a store anyway is logged out of it again, and the login fails', async () => {
    const job = createJobDockerConfig(`mab-store-${randomSuffix()}`);
    // However a store got named (a user's credsStore, a later docker), the login must not stay there.
    const file = path.join(job.dir, 'config.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), credsStore: 'pass' }));
    await expect(loginToRegistry(env.registry, { username: env.user, password: env.password })).rejects.toThrow(
      `Login to ${env.registry} did not stay in the job's Docker config: docker stored it with docker-credential-pass, outside the job's config; it was logged out again.`
    );
    const calls = storeCalls().split('\n').filter(Boolean);
    // docker did reach the store (that is what is being guarded against), and the logout erased it.
    expect(calls.some((line) => line.startsWith('store ') && line.includes(env.password))).toBe(true);
    expect(calls.at(-1)).toMatch(new RegExp(`^erase (https?://)?${env.registry.replace(/\./g, '\\.')}`));
    expect(readdirSync(storeDir)).toEqual([]);
  });
});
