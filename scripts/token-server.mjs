#!/usr/bin/env node
// A registry token server for the test environment, with the rules of a hosted registry such as
// Docker Hub or GHCR: anyone may pull, a user may push only under its own namespace, nobody may
// delete. It signs the RS256 JWTs that Distribution's `auth: token` accepts. Built-ins only.
//
//   node token-server.mjs serve --listen 127.0.0.1:5004 --key K --cert C --users U --log L \
//        --issuer I --service S [--pid-file P]
//   printf '%s' "$password" | node token-server.mjs add-user --users U --name NAME   (password on stdin)
import {
  createHash,
  createPrivateKey,
  randomBytes,
  scryptSync,
  sign,
  timingSafeEqual,
  X509Certificate
} from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { isIP } from 'node:net';
import { URL, URLSearchParams } from 'node:url';

const TOKEN_LIFETIME_SECONDS = 600;
// Distribution's repository name grammar: lowercase path components joined by '/'.
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

function fail(message) {
  process.stderr.write(`token-server: ${message}\n`);
  process.exit(2);
}

function parseOptions(args) {
  const options = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith('--') || args[i + 1] === undefined) fail(`bad argument ${args[i]}`);
    options[args[i].slice(2)] = args[i + 1];
  }
  return options;
}

function required(options, ...names) {
  for (const name of names) if (!options[name]) fail(`--${name} is required`);
}

// ---- users: {"users": {"NAME": {"salt": base64, "hash": base64}}}, scrypt-hashed ----

function readUsers(file) {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')).users ?? {};
}

function hashPassword(password, salt) {
  const { keylen, ...cost } = SCRYPT;
  return scryptSync(password, salt, keylen, cost);
}

function passwordMatches(entry, password) {
  if (!entry) {
    hashPassword(password, randomBytes(16)); // as slow as a real check, so unknown names do not stand out
    return false;
  }
  return timingSafeEqual(hashPassword(password, Buffer.from(entry.salt, 'base64')), Buffer.from(entry.hash, 'base64'));
}

function addUser(options) {
  required(options, 'users', 'name');
  if (!REPOSITORY_NAME.test(options.name) || options.name.includes('/'))
    fail(`${options.name} is not a namespace name`);
  const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (!password) fail('no password on stdin');
  const users = readUsers(options.users);
  // Rerunning setup with the same password changes nothing.
  if (users[options.name] && passwordMatches(users[options.name], password)) return;
  const salt = randomBytes(16);
  users[options.name] = { salt: salt.toString('base64'), hash: hashPassword(password, salt).toString('base64') };
  const temporary = `${options.users}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, options.users);
}

// ---- the signing key and its libtrust key id ----

/** What Distribution calls the key id: SHA-256 of the DER SubjectPublicKeyInfo, 30 bytes, base32, 4-char groups. */
function libtrustKeyId(publicKey) {
  const digest = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest()
    .subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of digest) bits += byte.toString(2).padStart(8, '0');
  let encoded = '';
  for (let i = 0; i < bits.length; i += 5) encoded += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return encoded.match(/.{4}/g).join(':');
}

function loadSigningKey(keyFile, certFile) {
  for (const [what, file] of [
    ['signing key', keyFile],
    ['certificate', certFile]
  ]) {
    if (!existsSync(file)) fail(`${what} ${file} does not exist (scripts/setup-test-env.sh generates it)`);
  }
  const privateKey = createPrivateKey(readFileSync(keyFile));
  const certificate = new X509Certificate(readFileSync(certFile));
  // The registry trusts the certificate's key; tokens signed with any other key would all be refused.
  if (!certificate.checkPrivateKey(privateKey)) fail(`${keyFile} is not the key of the certificate ${certFile}`);
  return { privateKey, keyId: libtrustKeyId(certificate.publicKey) };
}

const base64url = (data) => Buffer.from(data).toString('base64url');

function signToken(signer, claims) {
  const header = { typ: 'JWT', alg: 'RS256', kid: signer.keyId };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), signer.privateKey).toString('base64url')}`;
}

// ---- the rules ----

/** `repository:NAME:a,b` items (repeated, or space-separated as in the OAuth form) as [{type, name, actions}]. */
function parseScopes(values) {
  return values
    .flatMap((value) => value.split(' '))
    .filter(Boolean)
    .map((scope) => {
      const parts = scope.split(':');
      if (parts.length < 3) return { type: parts[0] ?? '', name: parts[1] ?? '', actions: [] };
      return { type: parts[0], name: parts.slice(1, -1).join(':'), actions: parts.at(-1).split(',').filter(Boolean) };
    });
}

/** What an account may do to a repository: anyone pulls, a user pushes under `<user>/`, nobody deletes. */
function allowedActions(account, repository) {
  if (!REPOSITORY_NAME.test(repository)) return [];
  return account && repository.startsWith(`${account}/`) ? ['pull', 'push'] : ['pull'];
}

/** The intersection of what was asked and what the rules allow; other resource types get nothing. */
function grant(account, asked) {
  const byRepository = new Map();
  for (const scope of asked) {
    if (scope.type !== 'repository') continue;
    const allowed = allowedActions(account, scope.name);
    const granted = byRepository.get(scope.name) ?? new Set();
    for (const action of scope.actions) if (allowed.includes(action)) granted.add(action);
    byRepository.set(scope.name, granted);
  }
  return [...byRepository]
    .filter(([, actions]) => actions.size > 0)
    .map(([name, actions]) => ({ type: 'repository', name, actions: [...actions].sort() }));
}

// ---- HTTP ----

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > 64 * 1024) reject(new Error('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The credentials a request carries: Basic auth (GET, as Docker asks) or the OAuth password grant (POST, as BuildKit asks first). */
async function requestParameters(request, url) {
  const header = request.headers.authorization;
  let credentials;
  if (header) {
    const match = /^Basic\s+(\S+)$/i.exec(header);
    const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    credentials = colon > 0 ? { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : { invalid: true };
  }
  if (request.method !== 'POST') {
    return { credentials, scopes: url.searchParams.getAll('scope'), service: url.searchParams.get('service') };
  }
  const form = new URLSearchParams(await readBody(request));
  const grantType = form.get('grant_type');
  if (grantType === 'password')
    credentials = { user: form.get('username') ?? '', password: form.get('password') ?? '' };
  else if (grantType) return { unsupportedGrant: grantType };
  return { credentials, scopes: form.getAll('scope'), service: form.get('service') };
}

function createTokenServer(config) {
  const answer = (response, status, body) => {
    response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  const record = (entry) =>
    appendFileSync(config.log, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);

  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://token-server');
    if (url.pathname === '/healthz') return answer(response, 200, { ok: true });
    if (url.pathname !== '/token') return answer(response, 404, { details: 'not found' });
    if (request.method !== 'GET' && request.method !== 'POST') return answer(response, 405, { details: 'GET or POST' });
    requestParameters(request, url)
      .then((parameters) => {
        const base = { method: request.method };
        if (parameters.unsupportedGrant) {
          record({ ...base, status: 400, error: `unsupported grant_type ${parameters.unsupportedGrant}` });
          return answer(response, 400, { error: 'unsupported_grant_type' });
        }
        const asked = parseScopes(parameters.scopes);
        const scopesAsked = parameters.scopes.flatMap((value) => value.split(' ')).filter(Boolean);
        if (parameters.service && parameters.service !== config.service) {
          record({ ...base, status: 400, scopes: scopesAsked, error: `unknown service ${parameters.service}` });
          return answer(response, 400, { details: `unknown service ${parameters.service}` });
        }
        const { credentials } = parameters;
        if (
          credentials &&
          (credentials.invalid || !passwordMatches(readUsers(config.users)[credentials.user], credentials.password))
        ) {
          record({
            ...base,
            status: 401,
            account: credentials.user ?? null,
            scopes: scopesAsked,
            error: 'bad credentials'
          });
          const body = {
            errors: [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }],
            details: 'incorrect username or password'
          };
          return answer(response, 401, body);
        }
        const account = credentials?.user;
        const access = grant(account, asked);
        const now = Math.floor(Date.now() / 1000);
        const token = signToken(config.signer, {
          iss: config.issuer,
          sub: account ?? '',
          aud: config.service,
          exp: now + TOKEN_LIFETIME_SECONDS,
          nbf: now - 1,
          iat: now,
          jti: randomBytes(16).toString('hex'),
          access
        });
        record({ ...base, status: 200, account: account ?? 'anonymous', scopes: scopesAsked, access });
        const issuedAt = new Date(now * 1000).toISOString();
        return answer(response, 200, {
          token,
          access_token: token,
          expires_in: TOKEN_LIFETIME_SECONDS,
          issued_at: issuedAt
        });
      })
      .catch((error) => {
        record({ method: request.method, status: 400, error: String(error.message ?? error) });
        if (!response.headersSent) answer(response, 400, { details: String(error.message ?? error) });
      });
  });
}

function serve(options) {
  required(options, 'listen', 'key', 'cert', 'users', 'log', 'issuer', 'service');
  const colon = options.listen.lastIndexOf(':');
  const host = options.listen.slice(0, colon);
  const port = Number(options.listen.slice(colon + 1));
  // Loopback only: these machines must not expose anything.
  if (!(isIP(host) === 4 && host.startsWith('127.'))) fail(`--listen must be a 127.x.x.x address, not ${host}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--listen has no port: ${options.listen}`);
  if (!existsSync(options.users)) fail(`users file ${options.users} does not exist (add users with 'add-user')`);
  const signer = loadSigningKey(options.key, options.cert);
  const server = createTokenServer({ ...options, signer });
  server.on('error', (error) => fail(`cannot listen on ${options.listen}: ${error.message}`));
  server.listen(port, host, () => {
    if (options['pid-file']) writeFileSync(options['pid-file'], `${process.pid}\n`);
    process.stdout.write(`token-server: listening on http://${options.listen}/token, key id ${signer.keyId}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'serve') serve(parseOptions(rest));
else if (command === 'add-user') addUser(parseOptions(rest));
else fail(`usage: token-server.mjs serve|add-user --option value ...`);
