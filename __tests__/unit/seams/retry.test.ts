import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as coreFixture from '../../../__fixtures__/core.js';

jest.unstable_mockModule('../../../src/seams/runner.js', () => coreFixture);
const { isRateLimit, isTransientFailure, parseRetryAfter, registryRetry, RetryLater, withRetry } =
  await import('../../../src/seams/retry-policy.js');

// Millisecond delays keep the retry loop real without slowing the suite.
const quick = { attempts: 4, firstDelayMs: 1, maxDelayMs: 2 };

beforeEach(() => coreFixture.resetCoreMock());

describe('isTransientFailure', () => {
  it.each([
    'received unexpected HTTP status: 502 Bad Gateway',
    'failed to push ghcr.io/acme/app:1: 503 Service Unavailable',
    'unexpected status from HEAD request: 500 Internal Server Error',
    'HTTP 504 Gateway Time-out',
    'dial tcp 140.82.112.33:443: connect: connection refused',
    'read tcp 10.1.0.4:51234->140.82.112.33:443: read: connection reset by peer',
    'Get "https://ghcr.io/v2/": net/http: TLS handshake timeout',
    'dial tcp: i/o timeout',
    'failed to copy: unexpected EOF',
    'dial tcp: lookup registry.example.com on 127.0.0.53:53: no such host',
    'Temporary failure in name resolution',
    'service unavailable',
    'Registry ghcr.io answered HTTP 429 Too Many Requests to reading manifest ghcr.io/acme/app:1',
    'ERROR: failed to push ghcr.io/acme/app:1: unexpected status from PUT request: 429 Too Many Requests',
    'toomanyrequests: You have reached your pull rate limit.'
  ])('%j is transient', (message) => {
    expect(isTransientFailure(message)).toBe(true);
  });

  it.each([
    'Error response from daemon: login attempt to https://ghcr.io/v2/ failed with status: 401 Unauthorized',
    'unauthorized: authentication required',
    'denied: requested access to the resource is denied',
    'Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password',
    'failed to push: 403 Forbidden',
    // A 5xx mentioned next to a refusal is still a refusal: waiting will not help.
    '502 Bad Gateway while fetching token: denied',
    '501 Not Implemented',
    'no space left on device',
    'exec /bin/sh: exec format error',
    'EOFError in build script',
    'copied 5023 files',
    ''
  ])('%j is not transient', (message) => {
    expect(isTransientFailure(message)).toBe(false);
  });
});

describe('the waits between tries', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it.each<[{ attempts: number; firstDelayMs: number; maxDelayMs: number }, number[]]>([
    [registryRetry, [1000, 2000, 4000, 8000]],
    [{ attempts: 1, firstDelayMs: 1000, maxDelayMs: 8000 }, []],
    [{ attempts: 2, firstDelayMs: 250, maxDelayMs: 8000 }, [250]],
    [{ attempts: 7, firstDelayMs: 500, maxDelayMs: 3000 }, [500, 1000, 2000, 3000, 3000, 3000]]
  ])('%j → %j', async (policy, expected) => {
    jest.useFakeTimers();
    const action = jest.fn<() => Promise<string>>().mockRejectedValue(new Error('HTTP 503 Service Unavailable'));
    const outcome = withRetry('Read', action, policy).catch((error: unknown) => error);
    await jest.runAllTimersAsync();
    expect(await outcome).toEqual(new Error('HTTP 503 Service Unavailable'));
    expect(action).toHaveBeenCalledTimes(policy.attempts);
    const waits = coreFixture
      .messages(coreFixture.warning)
      .map((line) => Number(/ in ([\d.]+) s\./.exec(line)?.[1]) * 1000);
    expect(waits).toEqual(expected);
  });

  it('gives up on a registry that stays down after about 15 s of waiting', async () => {
    jest.useFakeTimers();
    const action = jest.fn<() => Promise<string>>().mockRejectedValue(new Error('HTTP 503 Service Unavailable'));
    const started = Date.now();
    const outcome = withRetry('Read', action, registryRetry).catch(() => undefined);
    await jest.runAllTimersAsync();
    await outcome;
    // The fake clock: what the waits add up to, not how long the test took.
    expect(Date.now() - started).toBe(15000);
  });
});

describe('withRetry', () => {
  it('retries transient failures and returns the first success', async () => {
    const action = jest.fn<() => Promise<string>>();
    action
      .mockRejectedValueOnce(new Error('push: 502 Bad Gateway'))
      .mockRejectedValueOnce(new Error('connection reset by peer'))
      .mockResolvedValueOnce('sha256:abc');

    await expect(withRetry('Push', action, quick)).resolves.toBe('sha256:abc');

    expect(action).toHaveBeenCalledTimes(3);
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      'Push failed with a transient error; retry 1 of 3 in 0.001 s. (push: 502 Bad Gateway)',
      'Push failed with a transient error; retry 2 of 3 in 0.002 s. (connection reset by peer)'
    ]);
  });

  it.each([
    'unauthorized: authentication required',
    'denied: requested access to the resource is denied',
    '401 Unauthorized',
    'failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2'
  ])('never retries %j', async (message) => {
    const failure = new Error(message);
    const action = jest.fn<() => Promise<string>>().mockRejectedValue(failure);

    await expect(withRetry('Login', action, quick)).rejects.toBe(failure);

    expect(action).toHaveBeenCalledTimes(1);
    expect(coreFixture.warning).not.toHaveBeenCalled();
  });

  it('stops after the last attempt and throws the last error', async () => {
    const action = jest.fn<() => Promise<string>>().mockRejectedValue(new Error('503 Service Unavailable'));

    await expect(withRetry('Push', action, quick)).rejects.toThrow('503 Service Unavailable');

    expect(action).toHaveBeenCalledTimes(quick.attempts);
    expect(coreFixture.warning).toHaveBeenCalledTimes(quick.attempts - 1);
  });

  it('retries a non-Error rejection by its text', async () => {
    const action = jest.fn<() => Promise<number>>();
    action.mockRejectedValueOnce('i/o timeout').mockResolvedValueOnce(7);
    await expect(withRetry('Fetch', action, quick)).resolves.toBe(7);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('does not call again after a success', async () => {
    const action = jest.fn<() => Promise<string>>().mockResolvedValue('ok');
    await expect(withRetry('Noop', action, quick)).resolves.toBe('ok');
    expect(action).toHaveBeenCalledTimes(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Sun, 06 Dec 2026 08:00:00 GMT');
  it.each<[string | null | undefined, number | undefined]>([
    ['5', 5000],
    [' 0 ', 0],
    ['120', 120_000],
    ['Sun, 06 Dec 2026 08:00:30 GMT', 30_000],
    ['Sun, 06 Dec 2026 07:59:00 GMT', 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined]
  ])('%j → %j ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('isRateLimit', () => {
  it.each<[string, boolean]>([
    ['answered HTTP 429 Too Many Requests', true],
    ['toomanyrequests: rate limit exceeded', true],
    ['answered HTTP 503 Service Unavailable', false],
    ['copied 4290 files', false]
  ])('%j → %j', (message, expected) => {
    expect(isRateLimit(message)).toBe(expected);
  });
});

describe('withRetry and Retry-After', () => {
  it('waits what the server asked, within the bound, and says so', async () => {
    const action = jest.fn<() => Promise<string>>();
    action.mockRejectedValueOnce(new RetryLater('HTTP 429 Too Many Requests', 3)).mockResolvedValueOnce('ok');
    await expect(withRetry('Read', action, { ...quick, retryAfterMaxMs: 10 })).resolves.toBe('ok');
    expect(coreFixture.messages(coreFixture.warning)).toEqual([
      "Read was rate-limited (HTTP 429 Too Many Requests); the registry's Retry-After asks for 0.003 s; retry 1 of 3 in 0.003 s. (HTTP 429 Too Many Requests)"
    ]);
  });

  it('a 429 without Retry-After waits the backoff', async () => {
    const action = jest.fn<() => Promise<string>>();
    action.mockRejectedValueOnce(new RetryLater('HTTP 429 Too Many Requests', undefined)).mockResolvedValueOnce('ok');
    await withRetry('Read', action, quick);
    expect(coreFixture.messages(coreFixture.warning)[0]).toBe(
      'Read was rate-limited (HTTP 429 Too Many Requests); retry 1 of 3 in 0.001 s. (HTTP 429 Too Many Requests)'
    );
  });

  it('gives up at once when the server asks for more than the bound', async () => {
    const action = jest
      .fn<() => Promise<string>>()
      .mockRejectedValue(new RetryLater('HTTP 429 Too Many Requests', 5000));
    await expect(withRetry('Read', action, { ...quick, retryAfterMaxMs: 1000 })).rejects.toThrow(
      'HTTP 429 Too Many Requests; it asked to wait 5 s (Retry-After), longer than registry-retry-after-max allows (1 s), so the action gave up'
    );
    expect(action).toHaveBeenCalledTimes(1);
  });
});
