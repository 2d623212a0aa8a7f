import { errorMessage } from '../model/errors.js';
import { DEFAULT_RETRY_AFTER_MAX_SECONDS } from '../model/retry.js';
import * as core from './runner.js';
import { cancellation } from './exec.js';

export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** The longest wait a server's Retry-After is honoured for; a longer one ends the retries at once. */
  retryAfterMaxMs?: number;
}

/** Bounded exponential backoff: 1 s, 2 s, 4 s, 8 s → a registry that stays down fails after about 15 s of waiting. */
export const registryRetry: RetryPolicy = {
  attempts: 5,
  firstDelayMs: 1000,
  maxDelayMs: 8000,
  retryAfterMaxMs: DEFAULT_RETRY_AFTER_MAX_SECONDS * 1000
};

// Answers that say "try again later", as opposed to "you may not" (401/403), which never changes by waiting.
const transientPattern =
  /\b(50[0234]|429)\b|too many requests|toomanyrequests|rate.?limit|bad gateway|service unavailable|gateway time-?out|connection refused|connection reset|i\/o timeout|EOF\b|TLS handshake timeout|no such host|temporary failure/i;
const authPattern = /\b(401|403)\b|unauthorized|denied|authentication required|incorrect username or password/i;
const rateLimitPattern = /\b429\b|too many requests|toomanyrequests|rate.?limit/i;

export function isTransientFailure(message: string): boolean {
  return transientPattern.test(message) && !authPattern.test(message);
}

/** A registry (or any server) saying "too many requests" (HTTP 429), whatever else it says. */
export function isRateLimit(message: string): boolean {
  return rateLimitPattern.test(message);
}

/**
 * A Retry-After header in milliseconds from `now`: delay-seconds or an HTTP date (a date in the
 * past is 0). Undefined when absent or unreadable, so the backoff applies.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = header?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A failure the server answered with a time to come back (429, or 503 with Retry-After). */
export class RetryLater extends Error {
  constructor(
    message: string,
    /** What Retry-After asked for, in ms; undefined when the server named no time. */
    readonly retryAfterMs: number | undefined
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

/** The wait before each try after the first: doubling from firstDelayMs, capped at maxDelayMs. */
function backoffDelays(policy: RetryPolicy): number[] {
  return Array.from({ length: policy.attempts - 1 }, (_, index) =>
    Math.min(policy.firstDelayMs * 2 ** index, policy.maxDelayMs)
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number): string => `${ms / 1000} s`;
const lastLine = (message: string): string | undefined => message.split('\n').slice(-1)[0]?.trim();

/** The wait before the next try and the log line saying why; an Error when the server asks for too long a wait. */
function nextWait(
  what: string,
  error: unknown,
  backoff: number,
  policy: RetryPolicy
): { ms: number; why: string } | Error {
  const message = errorMessage(error);
  const asked = error instanceof RetryLater ? error.retryAfterMs : undefined;
  const limited = isRateLimit(message)
    ? 'was rate-limited (HTTP 429 Too Many Requests)'
    : 'failed with a transient error';
  if (asked === undefined) return { ms: backoff, why: `${what} ${limited}` };
  const bound = policy.retryAfterMaxMs ?? registryRetry.retryAfterMaxMs ?? 0;
  if (asked > bound)
    return new Error(
      `${message}; it asked to wait ${seconds(asked)} (Retry-After), longer than registry-retry-after-max allows (${seconds(bound)}), so the action gave up`,
      { cause: error }
    );
  return { ms: asked, why: `${what} ${limited}; the registry's Retry-After asks for ${seconds(asked)}` };
}

/**
 * Runs `action`, retrying only transient registry failures, and says in the log when it retries,
 * how long it waits and why. A server's Retry-After sets the wait (within the policy's bound);
 * otherwise the backoff does. `retryable` narrows what counts (a build retries only its registry
 * traffic, not its RUN steps' output).
 */
export async function withRetry<T>(
  what: string,
  action: () => Promise<T>,
  policy: RetryPolicy = registryRetry,
  retryable: (error: unknown) => boolean = () => true
): Promise<T> {
  const delays = backoffDelays(policy);
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const message = errorMessage(error);
      const backoff = delays[attempt];
      // A RetryLater is transient by what it is (the server, or a check, said "later"), whatever its words.
      const transient = error instanceof RetryLater || isTransientFailure(message);
      if (backoff === undefined || cancellation() || !transient || !retryable(error)) throw error;
      const wait = nextWait(what, error, backoff, policy);
      if (wait instanceof Error) throw wait;
      core.warning(
        `${wait.why}; retry ${attempt + 1} of ${delays.length} in ${seconds(wait.ms)}. (${lastLine(message)})`
      );
      await sleep(wait.ms);
    }
  }
}
