import { errorMessage } from '../model/errors.js';
import * as core from './runner.js';
import { cancellation } from './exec.js';

export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Bounded exponential backoff: 1 s, 2 s, 4 s, 8 s → a registry that stays down fails after about 15 s of waiting. */
export const registryRetry: RetryPolicy = { attempts: 5, firstDelayMs: 1000, maxDelayMs: 8000 };

// Answers that say "try again later", as opposed to "you may not" (401/403), which never changes by waiting.
const transientPattern =
  /\b(50[0234])\b|bad gateway|service unavailable|gateway time-?out|connection refused|connection reset|i\/o timeout|EOF\b|TLS handshake timeout|no such host|temporary failure/i;
const authPattern = /\b(401|403)\b|unauthorized|denied|authentication required|incorrect username or password/i;

export function isTransientFailure(message: string): boolean {
  return transientPattern.test(message) && !authPattern.test(message);
}

export function backoffDelays(policy: RetryPolicy): number[] {
  return Array.from({ length: policy.attempts - 1 }, (_, index) =>
    Math.min(policy.firstDelayMs * 2 ** index, policy.maxDelayMs)
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `action`, retrying only transient registry failures, and says in the log when it retries.
 * `retryable` narrows what counts (a build retries only its push, not its RUN steps' output).
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
      const delay = delays[attempt];
      if (delay === undefined || cancellation() || !isTransientFailure(message) || !retryable(error)) throw error;
      core.warning(
        `${what} failed with a transient error; retry ${attempt + 1} of ${delays.length} in ${delay / 1000} s. (${message.split('\n').slice(-1)[0]?.trim()})`
      );
      await sleep(delay);
    }
  }
}
