import { describe, expect, it } from 'vitest';
import { runChaos } from './run.ts';

/**
 * The seeded chaos run, on a short fixed list of seeds so `npm test`
 * stays well under a minute. The seeds run side by side: each has its own
 * local cloud and state directory, and most of a run's time is spent
 * waiting on backoffs and timeouts, not on the CPU. Between them they
 * cover conflicts, redelivered batches, resolved alerts, runs that left
 * a channel owed its notices and a key whose deletion completed;
 * `npm run chaos -- --runs N` tries fresh seeds.
 */
const SEEDS = [42, 2024, 7] as const;
// Fewer rounds than `npm run chaos` (16), to leave room on a busy machine.
const ROUNDS = 12;

describe('the chaos run', () => {
  const seeds = SEEDS.join(', ');
  it(`keeps every invariant under faults (seeds ${seeds})`, async () => {
    const reports = await Promise.all(
      SEEDS.map((seed) => runChaos(seed, { rounds: ROUNDS })),
    );

    const total = (what: string) =>
      reports.reduce((sum, r) => sum + (r.coverage[what] ?? 0), 0);
    for (const report of reports) {
      expect(report.operations).toBeGreaterThan(150);
      expect(report.faultedCalls).toBeGreaterThan(0);
    }
    for (const what of [
      'created',
      'conflicts',
      'keyRefusals',
      'redeliveries',
      'eventRuns',
      'undeliveredRuns',
      'resolvedNotices',
      'keysGone',
    ]) {
      expect({ what, seen: total(what) > 0 }).toEqual({ what, seen: true });
    }
    expect(
      reports.map((r) => ({ seed: r.seed, violations: r.violations })),
    ).toEqual(SEEDS.map((seed) => ({ seed, violations: [] })));
  }, 90_000);
});
