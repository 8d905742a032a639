import type { Random } from '../../shared/clock.ts';

/**
 * Every random choice of a chaos run goes through one seeded source
 * (shared/clock.ts seededRandom), so a seed replays the same run.
 */
export interface Dice {
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A new array in random order. */
  shuffle<T>(items: readonly T[]): T[];
}

export const diceOf = (random: Random): Dice => {
  const int = (min: number, max: number) =>
    min + Math.floor(random.next() * (max - min + 1));
  return {
    chance: (p) => random.next() < p,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('nothing to pick from');
      return items[int(0, items.length - 1)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
};
