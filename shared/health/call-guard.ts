import pLimit, { type LimitFunction } from 'p-limit';
import type { Clock, Random } from '../clock.ts';
import type { Deadline } from '../deadline.ts';
import { withRetry } from '../retry.ts';
import type { RateLimiter } from './rate-limiter.ts';

/**
 * Every vendor call of a run goes through one guard: it is retried on
 * throttling and other transient failures within the deadline, bounded
 * overall and per project host, rate-limited where asked, and counted
 * per operation (each attempt is a call, so the summary shows what the
 * vendors really saw).
 */
export interface CallOptions {
  /** A project's host; calls to one host share a smaller limit. */
  readonly host?: string;
  readonly rate?: RateLimiter;
}

export interface CallGuard {
  call<T>(
    operation: string,
    fn: () => Promise<T>,
    options?: CallOptions,
  ): Promise<T>;
  /** Attempts per operation so far. */
  counts(): Record<string, number>;
}

export interface CallGuardOptions {
  readonly deadline: Deadline;
  readonly clock: Clock;
  readonly random: Random;
  readonly concurrency: number;
  readonly hostConcurrency: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (
    operation: string,
    error: unknown,
    delayMs: number,
  ) => void;
}

export const createCallGuard = (options: CallGuardOptions): CallGuard => {
  const counts: Record<string, number> = {};
  const overall = pLimit(options.concurrency);
  const hosts = new Map<string, LimitFunction>();
  const hostLimit = (host: string): LimitFunction => {
    let limit = hosts.get(host);
    if (limit === undefined) {
      limit = pLimit(options.hostConcurrency);
      hosts.set(host, limit);
    }
    return limit;
  };

  const attempt = async <T>(
    operation: string,
    fn: () => Promise<T>,
    rate: RateLimiter | undefined,
  ): Promise<T> => {
    // The rate slot is taken while holding a concurrency slot, so calls
    // released together cannot bunch up past the rate.
    await rate?.take();
    counts[operation] = (counts[operation] ?? 0) + 1;
    return fn();
  };

  return {
    call: (operation, fn, callOptions = {}) =>
      // Backoff waits happen outside the limits, so a sleeping retry
      // does not hold a slot another call could use.
      // The host slot is taken before the overall one: a call queued
      // behind its busy host must not sit on an overall slot that a call
      // to an idle host could use.
      withRetry(
        () => {
          const run = () =>
            overall(() => attempt(operation, fn, callOptions.rate));
          return callOptions.host === undefined
            ? run()
            : hostLimit(callOptions.host)(run);
        },
        {
          deadline: options.deadline,
          clock: options.clock,
          random: options.random,
          ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
          onRetry: (info) =>
            options.onRetry?.(operation, info.error, info.delayMs),
        },
      ),
    counts: () => ({ ...counts }),
  };
};
