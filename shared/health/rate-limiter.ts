import { sleep as realSleep } from '../clock.ts';

/**
 * Spaces calls evenly: at most `perSecond` start in any one-second window.
 * KMS reads share 50 per second per account and region (platform-facts
 * §3); even spacing, unlike a bucket that allows a burst, can never
 * overshoot that window. Real time is used on purpose: the injected clock
 * may be moved by tests, the vendor's limiter is not.
 */
export interface RateLimiter {
  /** Resolves when the caller may start its call. */
  take(): Promise<void>;
}

export const createRateLimiter = (
  perSecond: number,
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = realSleep,
): RateLimiter => {
  const spacing = 1_000 / perSecond;
  let next = Number.NEGATIVE_INFINITY;
  return {
    async take() {
      const at = now();
      const slot = Math.max(at, next);
      next = slot + spacing;
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
