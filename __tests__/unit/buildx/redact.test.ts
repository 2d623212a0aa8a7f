import { describe, expect, it } from '@jest/globals';
import { parseCacheEntry } from '../../../src/model/cache.js';
import {
  cacheSpecSecrets,
  maskableParts,
  moveCacheCredentials,
  redactCacheSpec,
  redactCommand
} from '../../../src/buildx/redact.js';

describe('redactCommand', () => {
  it.each<[string, string[], string[], string[]]>([
    [
      'secret-looking build args lose their value, others keep it',
      ['build', '--build-arg', 'NPM_TOKEN=npm_abc', '--build-arg', 'VERSION=1.0', '--build-arg', 'DB_PASSWORD'],
      [],
      ['build', '--build-arg', 'NPM_TOKEN=***', '--build-arg', 'VERSION=1.0', '--build-arg', 'DB_PASSWORD']
    ],
    [
      's3 keys in cache specs',
      [
        '--cache-to',
        'type=s3,region=eu-west-1,bucket=c,access_key_id=AKIAEXAMPLE,secret_access_key=wJalr/K7MDENG,session_token=FQoG'
      ],
      [],
      ['--cache-to', 'type=s3,region=eu-west-1,bucket=c,access_key_id=***,secret_access_key=***,session_token=***']
    ],
    [
      'the gha token, not its url',
      ['--cache-from', 'type=gha,url=https://artifactcache.actions.githubusercontent.com/x/,token=eyJhbGci'],
      [],
      ['--cache-from', 'type=gha,url=https://artifactcache.actions.githubusercontent.com/x/,token=***']
    ],
    [
      'azblob: the account key, and a SAS signature inside the account URL',
      [
        '--cache-to',
        'type=azblob,account_url=https://acct.blob.core.windows.net/?sv=2022-11-02&ss=b&sig=AbC%2Bd,secret_access_key=k3y==,name=c'
      ],
      [],
      [
        '--cache-to',
        'type=azblob,account_url=https://acct.blob.core.windows.net/?sv=2022-11-02&ss=b&sig=***,secret_access_key=***,name=c'
      ]
    ],
    [
      'a password inside a URL field',
      ['--cache-from', 'type=http,url=https://user:hunter22@cache.example/x'],
      [],
      ['--cache-from', 'type=http,url=https://user:***@cache.example/x']
    ],
    [
      'registry caches are left alone',
      ['--cache-from', 'type=registry,ref=ghcr.io/acme/cache:main'],
      [],
      ['--cache-from', 'type=registry,ref=ghcr.io/acme/cache:main']
    ],
    [
      'any known secret value, wherever it appears, longest first',
      ['--label', 'note=abc-secret-xyz', '--tag', 'app:abc-secret', 'ctx'],
      ['abc-secret', 'abc-secret-xyz'],
      ['--label', 'note=***', '--tag', 'app:***', 'ctx']
    ],
    ['an empty secret changes nothing', ['--tag', 'a:1'], [''], ['--tag', 'a:1']],
    [
      'a flag value that only looks like a build arg elsewhere stays',
      ['--label', 'NPM_TOKEN=documented'],
      [],
      ['--label', 'NPM_TOKEN=documented']
    ]
  ])('%s', (_what, args, secrets, expected) => {
    expect(redactCommand(args, secrets)).toEqual(expected);
  });
});

describe('redactCacheSpec and cacheSpecSecrets', () => {
  it.each<[string, string, string[]]>([
    ['type=gha,token=t0k,scope=main', 'type=gha,token=***,scope=main', ['t0k']],
    ['type=s3,access_key_id=A,secret_access_key=S', 'type=s3,access_key_id=***,secret_access_key=***', ['A', 'S']],
    ['type=azblob,account_key=K,name=c', 'type=azblob,account_key=***,name=c', ['K']],
    ['type=registry,ref=r', 'type=registry,ref=r', []],
    ['ghcr.io/acme/app:cache', 'ghcr.io/acme/app:cache', []]
  ])('%s', (spec, redacted, secrets) => {
    expect(redactCacheSpec(spec)).toBe(redacted);
    expect(cacheSpecSecrets(parseCacheEntry(spec))).toEqual(secrets);
  });
});

describe('maskableParts', () => {
  it.each<[string, string, string[]]>([
    ['a one-line value as it is', 'ghp_abc', ['ghp_abc']],
    ['nothing for blank values', '  \n', []],
    [
      'a multi-line value and each long line, not the short ones',
      '-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n}\nabc\n-----END KEY-----\n',
      [
        '-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n}\nabc\n-----END KEY-----\n',
        '-----BEGIN KEY-----',
        'MIIEvQIBADANBgkq',
        '-----END KEY-----'
      ]
    ],
    [
      'CRLF lines',
      'line-one-long\r\nline-two-long',
      ['line-one-long\r\nline-two-long', 'line-one-long', 'line-two-long']
    ]
  ])('%s', (_what, value, expected) => {
    expect(maskableParts(value)).toEqual(expected);
  });
});

describe('moveCacheCredentials', () => {
  it.each<[string, string[], string[], string[], string[], Record<string, string>]>([
    [
      'the gha token goes to ACTIONS_RUNTIME_TOKEN',
      ['type=gha,token=t0k,scope=main'],
      ['type=gha,token=t0k,mode=max'],
      ['type=gha,scope=main'],
      ['type=gha,mode=max'],
      { ACTIONS_RUNTIME_TOKEN: 't0k' }
    ],
    [
      's3 keys go to the AWS variables; a missing session token is set empty',
      ['type=s3,region=r,bucket=b,access_key_id=A,secret_access_key=S'],
      [],
      ['type=s3,region=r,bucket=b'],
      [],
      { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S', AWS_SESSION_TOKEN: '' }
    ],
    [
      'with the session token',
      [],
      ['type=s3,bucket=b,access_key_id=A,secret_access_key=S,session_token=T'],
      [],
      ['type=s3,bucket=b'],
      { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S', AWS_SESSION_TOKEN: 'T' }
    ],
    [
      'two gha specs with different tokens stay as they are',
      ['type=gha,token=one'],
      ['type=gha,token=two'],
      ['type=gha,token=one'],
      ['type=gha,token=two'],
      {}
    ],
    [
      'an s3 spec without keys next to one with keys: nothing moves (the first relies on the runner)',
      ['type=s3,bucket=b'],
      ['type=s3,bucket=b,access_key_id=A,secret_access_key=S'],
      ['type=s3,bucket=b'],
      ['type=s3,bucket=b,access_key_id=A,secret_access_key=S'],
      {}
    ],
    [
      'a lone s3 secret key stays (buildx needs both)',
      ['type=s3,bucket=b,secret_access_key=S'],
      [],
      ['type=s3,bucket=b,secret_access_key=S'],
      [],
      {}
    ],
    [
      'specs without credentials are untouched, spaces and all',
      ['type=registry, ref=ghcr.io/a/cache', 'ghcr.io/a/app:cache', 'type=gha'],
      ['type=local,dest=/tmp/c'],
      ['type=registry, ref=ghcr.io/a/cache', 'ghcr.io/a/app:cache', 'type=gha'],
      ['type=local,dest=/tmp/c'],
      {}
    ],
    ['a quoted spec is left alone', ['type=gha,"token=a,b"'], [], ['type=gha,"token=a,b"'], [], {}]
  ])('%s', (_what, cacheFrom, cacheTo, from, to, env) => {
    expect(moveCacheCredentials(cacheFrom.map(parseCacheEntry), cacheTo.map(parseCacheEntry))).toEqual({
      cacheFrom: from,
      cacheTo: to,
      env
    });
  });
});
