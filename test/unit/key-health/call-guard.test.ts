import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom, systemClock } from '../../../shared/clock.ts';
import { createDeadline } from '../../../shared/deadline.ts';
import { TransientError } from '../../../shared/errors.ts';
import { createCallGuard } from '../../../shared/health/call-guard.ts';
import { createRateLimiter } from '../../../shared/health/rate-limiter.ts';

const guardWith = (concurrency: number, hostConcurrency: number) =>
  createCallGuard({
    deadline: createDeadline(systemClock, 10_000),
    clock: systemClock,
    random: seededRandom(1),
    concurrency,
    hostConcurrency,
    sleep: async () => {},
  });

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('the call guard', () => {
  it('counts every attempt, retries included', async () => {
    const guard = guardWith(4, 2);
    let failures = 2;

    await guard.call('DescribeKey', async () => {
      if (failures-- > 0) {
        throw new TransientError('slow down', { code: 'throttled' });
      }
      return 'ok';
    });
    await guard.call('GetLogStore', async () => 'ok');

    expect(guard.counts()).toEqual({ DescribeKey: 3, GetLogStore: 1 });
  });

  it('bounds calls overall and per project host', async () => {
    const guard = guardWith(3, 1);
    let inFlight = 0;
    let peak = 0;
    const perHost: Record<string, number> = {};
    let hostPeak = 0;
    const call = (host: string) =>
      guard.call(
        'GetLogStore',
        async () => {
          inFlight += 1;
          perHost[host] = (perHost[host] ?? 0) + 1;
          peak = Math.max(peak, inFlight);
          hostPeak = Math.max(hostPeak, perHost[host] ?? 0);
          await tick();
          inFlight -= 1;
          perHost[host] = (perHost[host] ?? 1) - 1;
        },
        { host },
      );

    await Promise.all(['a', 'a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'].map(call));

    expect(peak).toBe(3);
    expect(hostPeak).toBe(1);
  });
  it('lets calls to an idle host pass those queued behind a busy one', async () => {
    const guard = guardWith(2, 1);
    const started: string[] = [];
    const call = (name: string, host: string) =>
      guard.call(
        'GetLogStore',
        async () => {
          started.push(name);
          await tick();
        },
        { host },
      );

    await Promise.all([
      call('a1', 'a'),
      call('a2', 'a'),
      call('a3', 'a'),
      call('b1', 'b'),
    ]);

    // b1 starts alongside a1; a busy host 'a' holds one overall slot.
    expect(started.slice(0, 2).sort()).toEqual(['a1', 'b1']);
  });
});

describe('the per-region rate limiter', () => {
  it('lets a burst up to the rate through, then waits out the window', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter(
      3,
      () => now,
      async (ms) => {
        waits.push(ms);
      },
    );

    for (let i = 0; i < 5; i += 1) await limiter.take();
    now = 2_500;
    await limiter.take();

    expect(waits).toEqual([1_000, 1_000]);
  });

  it('never starts more than the rate in any one-second window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 200 }),
        (perSecond, gaps) => {
          let now = 0;
          let waited: number | undefined;
          const limiter = createRateLimiter(
            perSecond,
            () => now,
            async (ms) => {
              waited = ms;
            },
          );
          const starts: number[] = [];
          for (const gap of gaps) {
            now += gap;
            waited = undefined;
            // take() settles its slot before its first await.
            void limiter.take();
            starts.push(now + (waited ?? 0));
          }
          return starts.every(
            (start, i) =>
              starts.filter((other, j) => j <= i && other > start - 1_000)
                .length <= perSecond,
          );
        },
      ),
    );
  });
});
