// A loopback stand-in for Amazon ECR: the ECR API's GetAuthorizationToken (what the AWS SDK calls,
// pointed here with AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL_ECR_PUBLIC), and a registry of our own
// (Distribution, htpasswd) that accepts the token's login, user AWS, as ECR's registries do.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** What the fake answers: a token, or one of AWS's refusals. */
export type EcrFakeMode = 'token' | 'access-denied' | 'expired-token';

export interface EcrApiCall {
  target: string;
  /** The access key id the SigV4 signature names. */
  accessKeyId: string;
  body: Record<string, unknown>;
}

export interface EcrApiFake {
  url: string;
  calls: EcrApiCall[];
  mode: EcrFakeMode;
  close(): Promise<void>;
}

const refusals: Record<Exclude<EcrFakeMode, 'token'>, { type: string; message: string }> = {
  'access-denied': {
    type: 'AccessDeniedException',
    message:
      'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action'
  },
  'expired-token': { type: 'ExpiredTokenException', message: 'The security token included in the request is expired' }
};

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/**
 * The ECR (and ECR Public) API's GetAuthorizationToken on 127.0.0.1, answering in AWS's JSON 1.1
 * protocol: a token base64("AWS:<password>") in `token` mode, else the mode's AWS error.
 */
export async function startEcrApiFake(password: string, mode: EcrFakeMode = 'token'): Promise<EcrApiFake> {
  const calls: EcrApiCall[] = [];
  const fake: EcrApiFake = { url: '', calls, mode, close: () => Promise.resolve() };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const accessKeyId = /Credential=([^/]+)\//.exec(String(request.headers['authorization'] ?? ''))?.[1] ?? '';
      calls.push({ target, accessKeyId, body: await bodyOf(request) });
      const json = (status: number, value: unknown, type?: string): void => {
        response.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          ...(type ? { 'x-amzn-errortype': type } : {})
        });
        response.end(JSON.stringify(value));
      };
      if (!target.endsWith('.GetAuthorizationToken') || !accessKeyId)
        return json(400, { __type: 'UnknownOperationException' }, 'UnknownOperationException');
      if (fake.mode !== 'token') {
        const { type, message } = refusals[fake.mode];
        return json(400, { __type: type, message }, type);
      }
      const token = Buffer.from(`AWS:${password}`).toString('base64');
      const expiresAt = Math.floor(Date.now() / 1000) + 12 * 3600;
      if (target.startsWith('SpencerFrontendService'))
        return json(200, { authorizationData: { authorizationToken: token, expiresAt } });
      return json(200, {
        authorizationData: [{ authorizationToken: token, expiresAt, proxyEndpoint: 'https://ecr.invalid' }]
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the ECR API fake has no port');
  fake.url = `http://127.0.0.1:${address.port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export interface EcrRegistry {
  /** 127.0.0.1:<port>, or the ECR-shaped host name it serves on 127.0.0.1:443; in memory, accepting user AWS with `password`. */
  registry: string;
  password: string;
  /** The status and headers of a request to the registry (its CA trusted when it serves TLS). */
  request(
    method: string,
    urlPath: string,
    headers: Record<string, string>
  ): Promise<{ status: number; headers: IncomingHttpHeaders }>;
  stop(): void;
}

/** An ECR-shaped host name that resolves to 127.0.0.1, with the certificate the registry serves it with. */
export interface EcrTlsHost {
  name: string;
  cert: string;
  key: string;
  ca: string;
}

/** Refuses a host name that does not resolve to loopback only: the tests never talk to the real AWS. */
async function assertLoopbackOnly(host: string): Promise<void> {
  const addresses = await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0 || addresses.some((address) => address.address !== '127.0.0.1'))
    throw new Error(
      `${host} must resolve to 127.0.0.1 only (it gave ${JSON.stringify(addresses)}): run scripts/setup-test-env.sh`
    );
}

function requestOf(origin: string, ca: string | undefined): EcrRegistry['request'] {
  return (method, urlPath, headers) =>
    new Promise((resolve, reject) => {
      const send = origin.startsWith('https:') ? httpsRequest : httpRequest;
      const request = send(`${origin}${urlPath}`, { method, headers, ...(ca ? { ca } : {}) }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, headers: response.headers });
      });
      request.on('error', reject);
      request.end();
    });
}

/**
 * A registry of this test's own that accepts the login ECR tokens carry (user AWS), in memory: on a
 * free loopback port, or with `tls`, as an ECR host name on 127.0.0.1:443 with that host's certificate.
 */
export async function startEcrRegistry(tls?: EcrTlsHost): Promise<EcrRegistry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mab-ecr-registry-'));
  const password = `ecr-${randomBytes(12).toString('hex')}`;
  const hash = spawnSyncText('htpasswd', ['-Bbn', 'AWS', password]);
  writeFileSync(path.join(dir, 'htpasswd'), hash);
  if (tls) await assertLoopbackOnly(tls.name);
  const port = tls ? 443 : await freePort();
  const listen = tls
    ? `{ addr: "127.0.0.1:443", tls: { certificate: "${tls.cert}", key: "${tls.key}" } }`
    : `{ addr: "127.0.0.1:${port}" }`;
  writeFileSync(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: warn }',
      'storage: { inmemory: {} }',
      `http: ${listen}`,
      `auth: { htpasswd: { realm: mab-ecr, path: "${path.join(dir, 'htpasswd')}" } }`,
      ''
    ].join('\n')
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  const registry = tls ? tls.name : `127.0.0.1:${port}`;
  const request = requestOf(`${tls ? 'https' : 'http'}://${registry}`, tls ? readFileSync(tls.ca, 'utf8') : undefined);
  for (let attempt = 0; attempt < 100; attempt++) {
    const status = await request('GET', '/v2/', {}).then(
      (response) => response.status,
      () => 0
    );
    if (status === 401) return { registry, password, request, stop: () => void child.kill() };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`the ECR registry on ${registry} did not answer`);
}

function spawnSyncText(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout;
}

/** The environment the AWS SDK reads, pointed at the fake and at nothing else of this machine. */
export function awsEnv(fake: EcrApiFake, keys: { id: string; secret: string } | undefined): Record<string, string> {
  const empty = mkdtempSync(path.join(tmpdir(), 'mab-aws-'));
  return {
    AWS_ENDPOINT_URL_ECR: fake.url,
    AWS_ENDPOINT_URL_ECR_PUBLIC: fake.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: keys?.id ?? '',
    AWS_SECRET_ACCESS_KEY: keys?.secret ?? '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
    AWS_ROLE_ARN: '',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    // No instance metadata service (a link-local address) and no profiles of this machine.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(empty, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(empty, 'credentials')
  };
}
