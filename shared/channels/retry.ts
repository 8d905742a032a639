import pRetry from 'p-retry';
import type { Clock, Random } from '../clock.ts';
import { sleep } from '../clock.ts';
import type { ReplyVerdict } from './reply.ts';

/**
 * How one message is retried: rate limits, 5xx and network failures, with
 * a capped, jittered exponential backoff that never waits less than the
 * channel's Retry-After, and never past the run's deadline.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly perCallTimeoutMs: number;
}

export const CHANNEL_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  perCallTimeoutMs: 10_000,
};

/** "Equal jitter": half the capped step, plus up to the other half. */
export const backoffDelay = (
  policy: RetryPolicy,
  failedAttempt: number,
  random: Random,
): number => {
  const step = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** (failedAttempt - 1),
  );
  return Math.round(step / 2 + (random.next() * step) / 2);
};

export interface RetryDeps {
  readonly clock: Clock;
  readonly random: Random;
  /** Epoch ms on `clock`. */
  readonly deadline: number;
  readonly policy?: RetryPolicy;
  onRetry?(verdict: RetryVerdict, attempt: number, delayMs: number): void;
}

export interface RetryResult {
  /** Never `retry`: a transient failure that outlived its budget or the
   * deadline is reported as `failed` with its last code. */
  readonly verdict: Exclude<ReplyVerdict, { kind: 'retry' }>;
  readonly attempts: number;
}

type RetryVerdict = Extract<ReplyVerdict, { kind: 'retry' }>;

class RetryableReply extends Error {
  constructor(readonly verdict: RetryVerdict) {
    super(verdict.code);
  }
}

class DeadlineReached extends Error {}

export const withRetries = async (
  attempt: (signal: AbortSignal) => Promise<ReplyVerdict>,
  deps: RetryDeps,
): Promise<RetryResult> => {
  const policy = deps.policy ?? CHANNEL_RETRY_POLICY;
  let attempts = 0;
  let last: ReplyVerdict = { kind: 'failed', code: 'deadline' };

  const once = async (): Promise<ReplyVerdict> => {
    const remaining = deps.deadline - deps.clock.now();
    if (remaining <= 0) throw new DeadlineReached();
    attempts += 1;
    const timeout = Math.min(policy.perCallTimeoutMs, remaining);
    last = await attempt(AbortSignal.timeout(timeout));
    if (last.kind === 'retry') throw new RetryableReply(last);
    return last;
  };

  try {
    const verdict = await pRetry(once, {
      retries: policy.maxAttempts - 1,
      // The delay is ours (below), so p-retry adds none of its own.
      minTimeout: 0,
      maxTimeout: 0,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (!(error instanceof RetryableReply) || retriesLeft === 0) return;
        const delay = Math.max(
          backoffDelay(policy, attemptNumber, deps.random),
          error.verdict.retryAfterMs ?? 0,
        );
        if (deps.clock.now() + delay >= deps.deadline) {
          throw new DeadlineReached();
        }
        deps.onRetry?.(error.verdict, attemptNumber, delay);
        await sleep(delay);
      },
      shouldRetry: ({ error }) => error instanceof RetryableReply,
    });
    return { verdict: settled(verdict), attempts };
  } catch (error) {
    if (error instanceof RetryableReply || error instanceof DeadlineReached) {
      return { verdict: settled(last), attempts };
    }
    throw error;
  }
};

const settled = (verdict: ReplyVerdict): RetryResult['verdict'] =>
  verdict.kind === 'retry' ? { kind: 'failed', code: verdict.code } : verdict;
