import { describe, expect, it } from 'vitest';
import type { ReplyVerdict } from '../../../shared/channels/reply.ts';
import {
  backoffDelay,
  CHANNEL_RETRY_POLICY,
  withRetries,
} from '../../../shared/channels/retry.ts';
import { seededRandom, systemClock } from '../../../shared/clock.ts';

const FAST = {
  maxAttempts: 4,
  baseDelayMs: 20,
  maxDelayMs: 80,
  perCallTimeoutMs: 1000,
};

const scripted = (...verdicts: ReplyVerdict[]) => {
  let calls = 0;
  const attempt = async () =>
    verdicts[Math.min(calls++, verdicts.length - 1)] as ReplyVerdict;
  return { attempt, calls: () => calls };
};

describe('retrying one message', () => {
  it('keeps the backoff within half and all of a capped, doubling step', () => {
    const random = seededRandom(7);
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const step = Math.min(8000, 500 * 2 ** (attempt - 1));
      const delay = backoffDelay(CHANNEL_RETRY_POLICY, attempt, random);
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
    }
  });

  it('retries transient answers until the channel confirms', async () => {
    const channel = scripted(
      { kind: 'retry', code: 'errcode_130101' },
      { kind: 'retry', code: 'http_503' },
      { kind: 'delivered' },
    );

    const result = await withRetries(channel.attempt, {
      clock: systemClock,
      random: seededRandom(1),
      deadline: Date.now() + 5000,
      policy: FAST,
    });

    expect(result).toEqual({ verdict: { kind: 'delivered' }, attempts: 3 });
  });

  it('does not retry a misconfigured channel', async () => {
    const channel = scripted(
      { kind: 'misconfigured', code: 'errcode_310000' },
      { kind: 'delivered' },
    );

    const result = await withRetries(channel.attempt, {
      clock: systemClock,
      random: seededRandom(1),
      deadline: Date.now() + 5000,
      policy: FAST,
    });

    expect(result).toEqual({
      verdict: { kind: 'misconfigured', code: 'errcode_310000' },
      attempts: 1,
    });
  });

  it('reports a rate limit that outlasts its attempts as failed, with its code', async () => {
    const channel = scripted({ kind: 'retry', code: 'code_9499' });

    const result = await withRetries(channel.attempt, {
      clock: systemClock,
      random: seededRandom(1),
      deadline: Date.now() + 5000,
      policy: FAST,
    });

    expect(result).toEqual({
      verdict: { kind: 'failed', code: 'code_9499' },
      attempts: 4,
    });
  });

  it('gives up at once when Retry-After reaches past the deadline', async () => {
    const channel = scripted(
      { kind: 'retry', code: 'http_429', retryAfterMs: 60_000 },
      { kind: 'delivered' },
    );
    const started = Date.now();

    const result = await withRetries(channel.attempt, {
      clock: systemClock,
      random: seededRandom(1),
      deadline: started + 2000,
      policy: FAST,
    });

    expect(result).toEqual({
      verdict: { kind: 'failed', code: 'http_429' },
      attempts: 1,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('waits at least Retry-After before trying again', async () => {
    const channel = scripted(
      { kind: 'retry', code: 'http_429', retryAfterMs: 300 },
      { kind: 'delivered' },
    );
    const started = Date.now();

    const result = await withRetries(channel.attempt, {
      clock: systemClock,
      random: seededRandom(1),
      deadline: started + 5000,
      policy: FAST,
    });

    expect(result.verdict).toEqual({ kind: 'delivered' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('makes no attempt once the deadline has passed', async () => {
    const channel = scripted({ kind: 'delivered' });

    const result = await withRetries(channel.attempt, {
      clock: systemClock,
      random: seededRandom(1),
      deadline: Date.now() - 1,
      policy: FAST,
    });

    expect(result).toEqual({
      verdict: { kind: 'failed', code: 'deadline' },
      attempts: 0,
    });
    expect(channel.calls()).toBe(0);
  });
});
