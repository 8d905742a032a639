import { describe, expect, it } from 'vitest';
import { runChaos } from './run.ts';

/**
 * The seeded chaos run, on a short fixed list of seeds so `npm test`
 * stays well under a minute. The seeds run side by side: each has its own
 * local cloud and state directory, and most of a run's time is spent
 * waiting on backoffs and timeouts, not on the CPU.
 * `npm run chaos -- --runs N` tries fresh seeds.
 */
const SEEDS = [20_251, 8_675_309, 1_234_567] as const;

describe('the chaos run', () => {
  const seeds = SEEDS.join(', ');
  it(`keeps every invariant under faults (seeds ${seeds})`, async () => {
    const reports = await Promise.all(SEEDS.map((seed) => runChaos(seed)));

    for (const report of reports) {
      expect(report.operations).toBeGreaterThan(150);
      expect(report.faultedCalls).toBeGreaterThan(0);
      expect(report.keyHealthRuns).toBeGreaterThan(5);
    }
    expect(
      reports.map((r) => ({ seed: r.seed, violations: r.violations })),
    ).toEqual(SEEDS.map((seed) => ({ seed, violations: [] })));
  }, 90_000);
});
