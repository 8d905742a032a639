import { sleep as realSleep } from '../clock.ts';

/**
 * At most `perSecond` calls start in any rolling one-second window. KMS
 * reads share 50 per second per account and region (platform-facts §3),
 * counted over such windows, so a burst up to the limit is as safe as even
 * spacing and lets a scan with a few dozen keys check them all at once
 * instead of waiting 25 ms between each. Real time is used on purpose: the
 * injected clock may be moved by tests, the vendor's limiter is not.
 */
export interface RateLimiter {
  /** Resolves when the caller may start its call. */
  take(): Promise<void>;
}

const WINDOW_MS = 1_000;

export const createRateLimiter = (
  perSecond: number,
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = realSleep,
): RateLimiter => {
  // Start times handed out so far, oldest first; they never decrease, so
  // the call `perSecond` places back bounds the next window.
  const starts: number[] = [];
  return {
    async take() {
      const at = now();
      const bound = starts.at(-perSecond);
      const slot = bound === undefined ? at : Math.max(at, bound + WINDOW_MS);
      starts.push(slot);
      if (starts.length > perSecond) starts.shift();
      if (slot > at) await sleep(slot - at);
    },
  };
};

/** One limiter per region, made on first use. */
export const perRegion = (
  perSecond: number,
): ((region: string) => RateLimiter) => {
  const limiters = new Map<string, RateLimiter>();
  return (region) => {
    let limiter = limiters.get(region);
    if (limiter === undefined) {
      limiter = createRateLimiter(perSecond);
      limiters.set(region, limiter);
    }
    return limiter;
  };
};
