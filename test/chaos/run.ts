import { seededRandom } from '../../shared/clock.ts';
import { checkAlerts } from './invariants/alerts.ts';
import { auditLines, checkAudit } from './invariants/audit.ts';
import { checkLogstores } from './invariants/logstores.ts';
import { checkSecrets } from './invariants/secrets.ts';
import { checkWrites } from './invariants/writes.ts';
import { KEYS, keyAdmin, keyTruth } from './keys.ts';
import { emptyLedger } from './ledger.ts';
import { diceOf } from './pick.ts';
import { makeTargets } from './requests.ts';
import { playRound, type RoundContext, settle } from './rounds.ts';
import { noticesOf } from './sink-notices.ts';
import { createWorld } from './world.ts';

/**
 * One seeded chaos run: a fresh local cloud, a number of rounds of
 * provisioning and key-health under random faults with the clock moving
 * between them, the settling that a platform's retries would bring, and
 * then every invariant. The seed fixes every choice the run makes: which
 * requests, deliveries, key changes, faults and clock steps. The order in
 * which concurrent calls reach the cloud is the machine's, so a replay
 * makes the same moves, not always in the same interleaving.
 */
export interface ChaosOptions {
  readonly rounds?: number;
  readonly targets?: number;
}

export interface ChaosReport {
  readonly seed: number;
  readonly rounds: number;
  readonly operations: number;
  readonly keyHealthRuns: number;
  readonly sinkMessages: number;
  readonly vendorCalls: number;
  readonly faultedCalls: number;
  readonly durationMs: number;
  /** What the run went through, so a pass is seen not to be vacuous. */
  readonly coverage: Readonly<Record<string, number>>;
  readonly violations: readonly string[];
}

export const DEFAULT_ROUNDS = 16;

export const runChaos = async (
  seed: number,
  options: ChaosOptions = {},
): Promise<ChaosReport> => {
  const started = performance.now();
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const dice = diceOf(seededRandom(seed));
  const world = await createWorld(seed);
  try {
    const ledger = emptyLedger();
    const context: RoundContext = {
      world,
      ledger,
      dice,
      later: diceOf(seededRandom(seed ^ 0x9e3779b9)),
      targets: makeTargets(dice, options.targets ?? 24),
      queueTargets: makeTargets(dice, 4, 'queued'),
      admin: keyAdmin(world.cloud),
    };
    for (let round = 0; round < rounds; round++) await playRound(context);
    await settle(context);
    const violations = [
      ...checkLogstores(world, ledger),
      ...checkAudit(world, ledger),
      ...checkAlerts(world, ledger),
      ...checkSecrets(world),
      ...checkWrites(world, ledger),
    ];
    const requests = world.cloud.control.requests();
    const notices = world.cloud.sink
      .messages()
      .filter((m) => m.accepted)
      .flatMap(noticesOf);
    const answers = ledger.http.flatMap((r) => r.answers);
    const createdPerMessage = new Map<string, number>();
    for (const line of auditLines(world)) {
      if (line.messageId === undefined || line.outcome !== 'created') continue;
      const count = createdPerMessage.get(line.messageId) ?? 0;
      createdPerMessage.set(line.messageId, count + 1);
    }
    const coverage = {
      created: answers.filter((a) => a.status === 201).length,
      unchanged: answers.filter((a) => a.body.outcome === 'unchanged').length,
      conflicts: answers.filter((a) => a.status === 409).length,
      keyRefusals: answers.filter((a) => a.status === 422).length,
      redeliveries: ledger.invocations.filter((i) => i.threw).length,
      // Deliveries of one message that both said `created` (see audit.ts).
      twinsCreated: [...createdPerMessage.values()].filter((n) => n > 1).length,
      keyChanges: ledger.keyChanges.filter((c) => c.accepted).length,
      eventRuns: ledger.runs.filter((r) => r.kind === 'events').length,
      // Runs that ended with a channel still owed notices, which only a
      // later run can deliver: what "no alert lost" is about.
      undeliveredRuns: ledger.runs.filter((r) =>
        Object.values(r.summary?.channels ?? {}).some((c) => c.failed > 0),
      ).length,
      firingNotices: notices.filter((n) => n.status === 'firing').length,
      resolvedNotices: notices.filter((n) => n.status === 'resolved').length,
      keysGone: KEYS.filter(
        (k) => keyTruth(world.cloud, k.keyId).state === undefined,
      ).length,
    };
    return {
      seed,
      rounds,
      operations: ledger.operations,
      keyHealthRuns: ledger.runs.length,
      sinkMessages: world.cloud.sink.messages().length,
      vendorCalls: requests.filter((r) => r.service !== 'sink').length,
      faultedCalls: requests.filter((r) => r.fault !== undefined).length,
      durationMs: performance.now() - started,
      coverage,
      violations,
    };
  } finally {
    await world.close();
  }
};
