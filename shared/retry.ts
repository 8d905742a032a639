import pRetry from 'p-retry';
import { type Clock, type Random, sleep as realSleep } from './clock.ts';
import type { Deadline } from './deadline.ts';
import { isKeyguardError, TransientError } from './errors.ts';

/**
 * Retries around vendor calls. p-retry runs the attempt loop; the waiting
 * is ours, because p-retry's own backoff draws from Math.random, measures
 * time with performance.now and knows neither full jitter, Retry-After
 * nor an FC deadline. Its delay is therefore set to zero and each wait
 * happens in `onFailedAttempt`, which p-retry awaits before the next
 * attempt; throwing from there ends the loop with that error.
 */
export interface RetryOptions {
  readonly deadline: Deadline;
  readonly clock: Clock;
  readonly random: Random;
  /** Attempts in all, the first one included. */
  readonly maxAttempts?: number;
  /** The backoff ceiling of the first retry. */
  readonly baseMs?: number;
  /** No computed backoff waits longer than this. */
  readonly capMs?: number;
  readonly onRetry?: (info: RetryInfo) => void;
  /** Waits on the injected clock's terms; tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RetryInfo {
  readonly error: unknown;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
}

export const RETRY_DEFAULTS = {
  maxAttempts: 4,
  baseMs: 200,
  capMs: 5_000,
} as const;

/**
 * Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * a uniform draw below min(cap, base * 2^(retry-1)). A server's
 * Retry-After is a floor, as it knows its own load better than we do.
 */
export const backoffDelay = (
  retry: number,
  draw: number,
  baseMs: number,
  capMs: number,
  retryAfterMs?: number,
): number => {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  const jitter = Math.floor(draw * ceiling);

  return retryAfterMs === undefined ? jitter : Math.max(jitter, retryAfterMs);
};

const isRetryable = (error: unknown): boolean =>
  isKeyguardError(error) && error.retryable;

const retryAfterOf = (error: unknown): number | undefined =>
  error instanceof TransientError ? error.retryAfterMs : undefined;

export const withRetry = async <T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> => {
  const maxAttempts = Math.max(
    1,
    Math.floor(options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts),
  );
  const baseMs = options.baseMs ?? RETRY_DEFAULTS.baseMs;
  const capMs = options.capMs ?? RETRY_DEFAULTS.capMs;
  const wait = options.sleep ?? realSleep;
  const { deadline, random } = options;

  return pRetry((attempt) => operation(attempt), {
    retries: maxAttempts - 1,
    minTimeout: 0,
    maxTimeout: 0,
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      // p-retry hands us its own TypeError for a thrown non-Error; the
      // retry decision below treats it like any unknown failure.
      if (!isRetryable(error) || retriesLeft <= 0) throw error;

      const delayMs = backoffDelay(
        attemptNumber,
        random.next(),
        baseMs,
        capMs,
        retryAfterOf(error),
      );
      // Sleeping past the deadline only to fail later helps nobody: give
      // the caller the real error while it still has time to answer.
      if (delayMs >= deadline.remainingMs()) throw error;

      options.onRetry?.({ error, attempt: attemptNumber, delayMs });
      await wait(delayMs);
      if (deadline.expired()) throw error;
    },
  });
};
