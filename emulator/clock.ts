import type { EmulatorClock } from './types.ts';

/**
 * The emulator's clock runs with real time plus an offset that tests and
 * the control API move. Key lifecycle dates and STS expiry follow it;
 * signature windows follow real time, because the SDKs stamp real time.
 */
export const createEmulatorClock = (
  realNow: () => number = Date.now,
): EmulatorClock => {
  let offset = 0;
  return {
    now: () => realNow() + offset,
    advance(ms) {
      offset += ms;
    },
    set(epochMs) {
      offset = epochMs - realNow();
    },
    offset: () => offset,
  };
};
