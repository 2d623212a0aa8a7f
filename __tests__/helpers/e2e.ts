// Shared plumbing for the integration suite: the real daemon, registries and emulators that
// scripts/setup-test-env.sh starts (skopeo and token-registry helpers are in ./registries.ts). Nothing here skips: a missing environment fails loudly.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAction, type ActionRun } from '../../scripts/run-action.mjs';

export const ENV_FILE = process.env['MAB_TEST_ENV_FILE'] ?? '/var/lib/mab-test/env';

export interface TestEnvironment {
  registry: string;
  user: string;
  password: string;
  /** A second registry, with other credentials than the first. */
  registry2: string;
  user2: string;
  password2: string;
  /** A registry that authenticates like Docker Hub and GHCR: Bearer tokens from the token server at tokenRealm. */
  tokenRegistry: string;
  tokenRealm: string;
  tokenService: string;
  /** May push only under `${tokenUser}/`; anyone, even anonymous, may pull; nobody may delete. */
  tokenUser: string;
  tokenPassword: string;
  /** Another account on the token registry, whose namespace tokenUser may not push to. */
  tokenUser2: string;
  tokenPassword2: string;
  /** The token server's JSON-lines request log. */
  tokenLog: string;
  /** An ECR-shaped host name that /etc/hosts points at 127.0.0.1, with its TLS certificate and CA. */
  ecrHost: { name: string; cert: string; key: string; ca: string };
  busyboxDir: string;
}

function loadEnvironment(): TestEnvironment {
  if (!existsSync(ENV_FILE)) {
    throw new Error(
      `${ENV_FILE} is missing: run 'sudo bash scripts/setup-test-env.sh' (npm run test:all does it) before the integration suite.`
    );
  }
  const values = Object.fromEntries(
    readFileSync(ENV_FILE, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  );
  const get = (key: string): string => {
    const value = values[key];
    if (!value) throw new Error(`${ENV_FILE} has no ${key}`);
    return value;
  };
  // The second and token registries are read when a test uses them, so an env file from before they
  // existed fails only those tests.
  return {
    registry: get('MAB_REGISTRY'),
    user: get('MAB_REGISTRY_USER'),
    password: get('MAB_REGISTRY_PASSWORD'),
    get registry2() {
      return get('MAB_REGISTRY2');
    },
    get user2() {
      return get('MAB_REGISTRY2_USER');
    },
    get password2() {
      return get('MAB_REGISTRY2_PASSWORD');
    },
    get tokenRegistry() {
      return get('MAB_TOKEN_REGISTRY');
    },
    get tokenRealm() {
      return get('MAB_TOKEN_REALM');
    },
    get tokenService() {
      return get('MAB_TOKEN_SERVICE');
    },
    get tokenUser() {
      return get('MAB_TOKEN_USER');
    },
    get tokenPassword() {
      return get('MAB_TOKEN_PASSWORD');
    },
    get tokenUser2() {
      return get('MAB_TOKEN_USER2');
    },
    get tokenPassword2() {
      return get('MAB_TOKEN_PASSWORD2');
    },
    get tokenLog() {
      return get('MAB_TOKEN_LOG');
    },
    get ecrHost() {
      const [name, cert, key, ca] = ['HOST', 'TLS_CERT', 'TLS_KEY', 'TLS_CA'].map((key) => get(`MAB_ECR_${key}`));
      return { name: name as string, cert: cert as string, key: key as string, ca: ca as string };
    },
    busyboxDir: get('MAB_BUSYBOX_DIR')
  };
}

export const env = loadEnvironment();

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs docker with the given config dir (the test's own, never the action's). */
export function docker(
  args: string[],
  options: { config?: string; input?: string; timeoutMs?: number } = {}
): CommandResult {
  const result = spawnSync('docker', args, {
    env: { ...process.env, ...(options.config ? { DOCKER_CONFIG: options.config } : {}) },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024
  });
  return { code: result.status ?? 128, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** The bare buildx push the tests use for base images and reference builds: amd64 and arm64, no action. */
export function pushTwoPlatformImage(reference: string, context: string, config: string): CommandResult {
  return docker(
    [
      'buildx',
      'build',
      '--network',
      'host',
      '--platform',
      'linux/amd64,linux/arm64',
      '--output',
      `type=image,name=${reference},push=true`,
      context
    ],
    { config }
  );
}

/** An env field's value, or undefined when the env file predates it (setup scripts from before it). */
export function optionalSetting(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

let readerConfig: string | undefined;
/** A DOCKER_CONFIG logged in to every test registry, for the tests' own reads and runs. */
export function readerDockerConfig(): string {
  if (readerConfig) return readerConfig;
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-reader-'));
  const logins: [string, string, string][] = [[env.registry, env.user, env.password]];
  if (optionalSetting(() => env.registry2)) logins.push([env.registry2, env.user2, env.password2]);
  if (optionalSetting(() => env.tokenRegistry)) logins.push([env.tokenRegistry, env.tokenUser, env.tokenPassword]);
  for (const [registry, user, password] of logins) {
    const login = docker(['login', registry, '--username', user, '--password-stdin'], { config: dir, input: password });
    if (login.code !== 0) throw new Error(`test login to ${registry} failed: ${login.stderr}`);
  }
  readerConfig = dir;
  return dir;
}

export interface IndexView {
  digest: string;
  mediaType: string;
  platforms: string[];
  annotations: Record<string, string>;
}

/** Reads an image index back from the registry; undefined when the tag does not exist. */
export function inspectIndex(reference: string): IndexView | undefined {
  const result = docker(['buildx', 'imagetools', 'inspect', reference, '--format', '{{json .Manifest}}'], {
    config: readerDockerConfig()
  });
  if (result.code !== 0) {
    if (/not found/i.test(result.stderr)) return undefined;
    throw new Error(`imagetools inspect ${reference} failed: ${result.stderr}`);
  }
  const manifest = JSON.parse(result.stdout) as {
    digest: string;
    mediaType: string;
    annotations?: Record<string, string>;
    manifests?: { platform?: { os: string; architecture: string; variant?: string } }[];
  };
  const platforms = (manifest.manifests ?? [])
    .map((entry) => entry.platform)
    .filter(
      (platform): platform is { os: string; architecture: string; variant?: string } =>
        !!platform && platform.os !== 'unknown'
    )
    .map((platform) => [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/'));
  return {
    digest: manifest.digest,
    mediaType: manifest.mediaType,
    platforms: platforms.sort(),
    annotations: manifest.annotations ?? {}
  };
}

/** Runs the pushed image for one platform (under QEMU when foreign) and returns its output. */
export function runImage(reference: string, platform: string, args: string[] = [], entrypoint?: string): CommandResult {
  return docker(
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--pull',
      'always',
      '--platform',
      platform,
      ...(entrypoint ? ['--entrypoint', entrypoint] : []),
      reference,
      ...args
    ],
    {
      config: readerDockerConfig()
    }
  );
}

/** A build context with the static busybox of every architecture, so FROM scratch builds work offline. */
export function fixtureContext(dockerfile: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-context-'));
  for (const name of readdirSync(env.busyboxDir)) copyFileSync(path.join(env.busyboxDir, name), path.join(dir, name));
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content, { mode: 0o755 });
  }
  return dir;
}

export const busyboxDockerfile = `FROM scratch
ARG TARGETARCH
COPY busybox-\${TARGETARCH} /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN uname -m > /built-on
`;

let repoCounter = 0;
/** A repository nobody else in this test run writes to. */
export function uniqueRepository(name: string): string {
  repoCounter += 1;
  return `${env.registry}/it-${process.pid}-${Date.now().toString(36)}-${repoCounter}/${name}`;
}

export interface HostSnapshot {
  builders: string;
  contexts: string;
  containers: string;
  volumes: string;
}

/** What the runner's user sees: their builders, contexts, and the daemon's containers and volumes. */
export function snapshotHost(): HostSnapshot {
  const list = (args: string[]): string => {
    const result = docker(args);
    if (result.code !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .sort()
      .join('\n');
  };
  return {
    builders: list(['buildx', 'ls', '--format', '{{.Name}}']),
    contexts: list(['context', 'ls', '--format', '{{.Name}}']),
    containers: list(['ps', '-a', '--format', '{{.Names}}']),
    volumes: list(['volume', 'ls', '--format', '{{.Name}}'])
  };
}

const BINFMT = '/proc/sys/fs/binfmt_misc';
/** Removes QEMU handlers so that the action's own registration is what a test exercises. */
export function unregisterEmulators(arches: string[] = ['aarch64', 'arm', 'riscv64', 's390x', 'ppc64le']): void {
  for (const arch of arches) {
    const handler = path.join(BINFMT, `qemu-${arch}`);
    if (existsSync(handler)) writeFileSync(handler, '-1');
  }
}

/** Registers a QEMU handler from the host's binfmt.d when missing (other suites remove them). */
export function ensureEmulator(arch: string): void {
  if (existsSync(path.join(BINFMT, `qemu-${arch}`))) return;
  const line = readFileSync(`/usr/lib/binfmt.d/qemu-${arch}.conf`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(':'));
  if (!line) throw new Error(`/usr/lib/binfmt.d/qemu-${arch}.conf has no registration line`);
  try {
    writeFileSync(path.join(BINFMT, 'register'), line);
  } catch (error) {
    // A parallel suite registering it first is just as good.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export function isRegistered(arch: string): boolean {
  const handler = path.join(BINFMT, `qemu-${arch}`);
  return existsSync(handler) && readFileSync(handler, 'utf8').startsWith('enabled');
}

const EVENT_SHA = '0123456789abcdef0123456789abcdef01234567';

/** The runner's view of an event: GITHUB_* variables and the payload file. */
export function eventEnv(
  eventName: string,
  ref: string,
  payload: Record<string, unknown> = {}
): Record<string, string> {
  const eventPath = path.join(mkdtempSync(path.join(tmpdir(), 'mab-event-')), 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({
      repository: { default_branch: 'main', name: 'pytime', html_url: 'https://github.com/acme/pytime' },
      ...payload
    })
  );
  return {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REF: ref,
    GITHUB_SHA: EVENT_SHA,
    GITHUB_REPOSITORY: 'acme/pytime',
    GITHUB_EVENT_PATH: eventPath
  };
}

/** A pull request's event, as a fork's or Dependabot's pull request has it (the secrets are what differ). */
export const pullRequestEnv = (number = 42): Record<string, string> =>
  eventEnv('pull_request', `refs/pull/${number}/merge`, { number, pull_request: { number } });

export const registryInputs = (): Record<string, string> => ({
  username: env.user,
  password: env.password,
  registry: env.registry
});

/** Inputs every local run needs: the daemon here has no bridge network. */
export const localDefaults = { driver: 'docker', network: 'host' } as const;

export async function runLocal(
  inputs: Record<string, string>,
  options: Parameters<typeof runAction>[1] = {}
): Promise<ActionRun> {
  return runAction({ ...localDefaults, ...inputs }, options);
}

/** Everything the action printed or wrote, for secret scans. */
export function everythingPrinted(run: ActionRun): string {
  return [
    run.main.stdout,
    run.main.stderr,
    run.post?.stdout ?? '',
    run.post?.stderr ?? '',
    run.summary,
    JSON.stringify(run.outputs)
  ].join('\n');
}

/** Lines that mention a secret, other than the runner's own ::add-mask:: command. */
export function secretLeaks(text: string, secret: string): string[] {
  return text.split('\n').filter((line) => line.includes(secret) && !line.startsWith('::add-mask::'));
}

/** Every running process's argv, joined with spaces: what `ps` would show of each command line. */
export function processCommandLines(): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (cmdline) found.push({ pid: Number(entry), cmdline });
    } catch {
      // the process ended between readdir and read
    }
  }
  return found;
}
