import type { ChannelConfig } from '../../../shared/channels/types.ts';
import {
  type Clock,
  seededRandom,
  systemClock,
} from '../../../shared/clock.ts';
import { createLogger, memoryDestination } from '../../../shared/logging.ts';

export const DINGTALK_SECRET = `SECdemo${'0'.repeat(58)}`;
export const DINGTALK: ChannelConfig = {
  name: 'ops-dingtalk',
  type: 'dingtalk',
  url: 'https://oapi.dingtalk.com/robot/send?access_token=dt-token-0001',
  secret: DINGTALK_SECRET,
  minSeverity: 'warning',
};

export const movableClock = (start: number) => {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

export const depsWith = (
  fetch: typeof globalThis.fetch,
  clock: Clock = systemClock,
) => {
  const destination = memoryDestination();
  return {
    deps: {
      clock,
      random: seededRandom(3),
      deadline: clock.now() + 15_000,
      logger: createLogger({ destination, level: 'debug' }),
      fetch,
    },
    lines: destination.lines,
  };
};
