import type { Clock, Random } from '../../../shared/clock.ts';

/** A clock that only moves when a test (or a fake sleep) moves it. */
export interface FakeTime extends Clock {
  advance(ms: number): void;
  /** A sleep that advances the clock instead of waiting. */
  sleep(ms: number): Promise<void>;
  readonly sleeps: number[];
}

export const fakeTime = (start = 1_735_689_600_000): FakeTime => {
  let now = start;
  const sleeps: number[] = [];

  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
};

/** Returns the given draws in turn, then repeats the last one. */
export const fixedRandom = (...draws: number[]): Random => {
  let index = 0;

  return {
    next: () => {
      const draw = draws[Math.min(index, draws.length - 1)] ?? 0;
      index += 1;
      return draw;
    },
  };
};
