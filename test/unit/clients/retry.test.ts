import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeadline } from '../../../shared/deadline.ts';
import { KeyguardError, TransientError } from '../../../shared/errors.ts';
import {
  backoffDelay,
  type RetryInfo,
  withRetry,
} from '../../../shared/retry.ts';
import { fakeTime, fixedRandom } from './fake-time.ts';

const throttled = (retryAfterMs?: number) =>
  new TransientError('throttled', {
    code: 'throttled',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

const rejected = () =>
  new KeyguardError('rejected', { code: 'sls_rejected', status: 400 });

/** An operation that fails with the given errors in turn, then succeeds. */
const failing = (...errors: unknown[]) => {
  const calls: number[] = [];
  const operation = async (attempt: number) => {
    calls.push(attempt);
    const error = errors[attempt - 1];
    if (error !== undefined) throw error;
    return 'done';
  };
  return { operation, calls };
};

const setup = (budgetMs = 60_000, ...draws: number[]) => {
  const time = fakeTime();
  const retries: RetryInfo[] = [];
  const options = {
    deadline: createDeadline(time, budgetMs),
    clock: time,
    random: fixedRandom(...(draws.length > 0 ? draws : [0.5])),
    sleep: time.sleep,
    onRetry: (info: RetryInfo) => retries.push(info),
  };
  return { time, retries, options };
};

describe('withRetry', () => {
  it('retries a transient failure and returns the later success', async () => {
    const { options, time } = setup();
    const { operation, calls } = failing(throttled(), throttled());

    const result = await withRetry(operation, options);

    expect(result).toBe('done');
    expect(calls).toEqual([1, 2, 3]);
    expect(time.sleeps).toHaveLength(2);
  });

  it('does not retry an error that is not retryable', async () => {
    const { options, time } = setup();
    const error = rejected();
    const { operation, calls } = failing(error);

    await expect(withRetry(operation, options)).rejects.toBe(error);
    expect(calls).toEqual([1]);
    expect(time.sleeps).toEqual([]);
  });

  it('does not retry foreign errors, which may be bugs', async () => {
    const { options } = setup();
    const error = new Error('boom');
    const { operation, calls } = failing(error);

    await expect(withRetry(operation, options)).rejects.toBe(error);
    expect(calls).toEqual([1]);
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    const { options } = setup();
    const last = throttled();
    const { operation, calls } = failing(throttled(), throttled(), last);

    await expect(
      withRetry(operation, { ...options, maxAttempts: 3 }),
    ).rejects.toBe(last);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('draws full jitter below a doubling, capped ceiling', async () => {
    const { options, time } = setup(600_000, 0.5);
    const errors = Array.from({ length: 6 }, () => throttled());
    const { operation } = failing(...errors);

    await withRetry(operation, {
      ...options,
      maxAttempts: 7,
      baseMs: 100,
      capMs: 1_000,
    });

    expect(time.sleeps).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('waits at least as long as the server asked', async () => {
    const { options, time } = setup(60_000, 0);
    const { operation } = failing(throttled(2_000));

    await withRetry(operation, options);

    expect(time.sleeps).toEqual([2_000]);
  });

  it('rethrows instead of sleeping past the deadline', async () => {
    const { options, time } = setup(1_000, 0);
    const error = throttled(5_000);
    const { operation, calls } = failing(error);

    await expect(withRetry(operation, options)).rejects.toBe(error);
    expect(calls).toEqual([1]);
    expect(time.sleeps).toEqual([]);
  });

  it('stops once an attempt has used up the deadline', async () => {
    const { options, time } = setup(1_000);
    const error = throttled();
    const calls: number[] = [];
    const slow = async (attempt: number) => {
      calls.push(attempt);
      time.advance(1_000);
      throw error;
    };

    await expect(withRetry(slow, options)).rejects.toBe(error);
    expect(calls).toEqual([1]);
  });

  it('reports each retry with the failed attempt and the wait', async () => {
    const { options, retries } = setup(60_000, 0.5);
    const first = throttled();
    const { operation } = failing(first);

    await withRetry(operation, { ...options, baseMs: 200 });

    expect(retries).toEqual([{ error: first, attempt: 1, delayMs: 100 }]);
  });
});

describe('backoffDelay', () => {
  const arbitraries = {
    retry: fc.integer({ min: 1, max: 60 }),
    draw: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    baseMs: fc.integer({ min: 1, max: 10_000 }),
    capMs: fc.integer({ min: 1, max: 120_000 }),
  };

  it('never exceeds the cap without a Retry-After', () => {
    fc.assert(
      fc.property(
        arbitraries.retry,
        arbitraries.draw,
        arbitraries.baseMs,
        arbitraries.capMs,
        (retry, draw, baseMs, capMs) => {
          const delay = backoffDelay(retry, draw, baseMs, capMs);
          return delay >= 0 && delay <= capMs;
        },
      ),
    );
  });

  it('never waits less than Retry-After, nor more than it or the cap', () => {
    fc.assert(
      fc.property(
        arbitraries.retry,
        arbitraries.draw,
        arbitraries.baseMs,
        arbitraries.capMs,
        fc.integer({ min: 0, max: 600_000 }),
        (retry, draw, baseMs, capMs, retryAfterMs) => {
          const delay = backoffDelay(retry, draw, baseMs, capMs, retryAfterMs);
          return (
            delay >= retryAfterMs && delay <= Math.max(capMs, retryAfterMs)
          );
        },
      ),
    );
  });
});

describe('withRetry properties', () => {
  const draws = fc.array(
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    { minLength: 1 },
  );
  const failures = fc.array(
    fc.record({
      retryAfterMs: fc.option(fc.integer({ min: 0, max: 20_000 }), {
        nil: undefined,
      }),
      workMs: fc.integer({ min: 0, max: 5_000 }),
    }),
    { maxLength: 8 },
  );

  it('never sleeps past the deadline nor beyond the cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30_000 }),
        failures,
        draws,
        fc.integer({ min: 1, max: 10 }),
        async (budgetMs, plan, randomDraws, maxAttempts) => {
          const time = fakeTime();
          const deadline = createDeadline(time, budgetMs);
          const capMs = 4_000;
          const sleeps: { ms: number; endsAt: number; cap: number }[] = [];
          let lastRetryAfter = 0;
          const operation = async (attempt: number) => {
            const failure = plan[attempt - 1];
            if (failure === undefined) return 'done';
            time.advance(failure.workMs);
            lastRetryAfter = failure.retryAfterMs ?? 0;
            throw throttled(failure.retryAfterMs);
          };

          await withRetry(operation, {
            deadline,
            clock: time,
            random: fixedRandom(...randomDraws),
            maxAttempts,
            capMs,
            sleep: async (ms) => {
              sleeps.push({
                ms,
                endsAt: time.now() + ms,
                cap: Math.max(capMs, lastRetryAfter),
              });
              await time.sleep(ms);
            },
          }).catch(() => undefined);

          expect(sleeps.length).toBeLessThan(maxAttempts);
          for (const sleep of sleeps) {
            expect(sleep.endsAt).toBeLessThan(deadline.at);
            expect(sleep.ms).toBeLessThanOrEqual(sleep.cap);
          }
        },
      ),
    );
  });
});
