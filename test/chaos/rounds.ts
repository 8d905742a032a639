import type { FaultSpec } from '../../emulator/fault-spec.ts';
import { deliverBatch, runKeyHealth, sendHttp } from './actions.ts';
import { keyHealthFaults, provisioningFaults } from './faults.ts';
import { KEY_ACTIONS, KEYS, type KeyAdmin, keyTruth } from './keys.ts';
import type { HttpRecord, Ledger } from './ledger.ts';
import type { Dice } from './pick.ts';
import { bodyOf, requestFor, type Target } from './requests.ts';
import type { World } from './world.ts';

/**
 * One round of a chaos run. Phase one: concurrent provisioning over HTTP
 * and the queue (duplicated and reordered deliveries, redeliveries of
 * batches whose invocation threw) under random SLS and KMS faults. Phase
 * two: a key changes state through the KMS SDK, then key-health runs on
 * the resulting events and on its timer under random SLS, KMS and webhook
 * faults. Then the clock moves on, by minutes or by days.
 */
const CLOCK_STEPS_MS = [
  0,
  5 * 60_000,
  3_600_000,
  3 * 3_600_000,
  5 * 3_600_000,
  86_400_000,
  2 * 86_400_000,
  4 * 86_400_000,
];

export interface RoundContext {
  readonly world: World;
  readonly ledger: Ledger;
  readonly dice: Dice;
  /**
   * For choices about what earlier outcomes left behind (which batches
   * are owed a redelivery depends on timing): a stream of its own, so the
   * main stream, and with it the run's plan, stays the seed's.
   */
  readonly later: Dice;
  readonly targets: readonly Target[];
  /** Names only queue messages ask for, for faults that last a phase. */
  readonly queueTargets: readonly Target[];
  readonly admin: KeyAdmin;
}

const withFaults = async (
  { world, ledger }: Pick<RoundContext, 'world' | 'ledger'>,
  faults: readonly FaultSpec[],
  work: () => Promise<void>,
): Promise<void> => {
  for (const fault of faults) world.cloud.control.faults.add(fault);
  ledger.operations += faults.length;
  try {
    await work();
  } finally {
    world.cloud.control.faults.clear();
  }
};

let messageSerial = 0;

const newMessage = (
  round: RoundContext,
  target: Target = round.dice.pick(round.targets),
): string => {
  const messageId = `MSG-${(++messageSerial).toString(16).toUpperCase()}`;
  if (round.dice.chance(0.05)) {
    round.ledger.messages.set(messageId, { messageId, text: 'not json' });
    return messageId;
  }
  const spec = requestFor(target, round.dice);
  round.ledger.messages.set(messageId, {
    messageId,
    spec,
    text: JSON.stringify(bodyOf(spec)),
  });
  return messageId;
};

const provisioningPhase = async (round: RoundContext): Promise<void> => {
  const { world, ledger, dice } = round;
  const tasks: Promise<void>[] = [];
  for (let i = dice.int(2, 8); i > 0; i--) {
    const record: HttpRecord = {
      spec: requestFor(dice.pick(round.targets), dice),
      answers: [],
    };
    ledger.http.push(record);
    tasks.push(sendHttp(world, ledger, record, dice.int(0, 1)));
    if (dice.chance(0.2)) {
      // The same request at once on the other instance.
      const twin: HttpRecord = { spec: record.spec, answers: [] };
      ledger.http.push(twin);
      tasks.push(sendHttp(world, ledger, twin, dice.int(0, 1)));
    }
  }
  const known = [...ledger.messages.keys()];
  for (let b = dice.int(0, 3); b > 0; b--) {
    const batch: string[] = [];
    for (let m = dice.int(1, 5); m > 0; m--) {
      batch.push(
        known.length > 0 && dice.chance(0.2)
          ? dice.pick(known)
          : newMessage(round),
      );
    }
    tasks.push(deliverBatch(world, ledger, batch, dice.int(0, 1), dice));
  }
  // A Logstore whose every SLS call fails for the whole phase: its
  // message ends `unavailable`, the batch is redelivered next round.
  const faults = provisioningFaults(dice);
  if (dice.chance(0.25)) {
    const target = dice.pick(round.queueTargets);
    faults.push({
      service: 'sls',
      match: { logstore: target.logstoreName },
      action: { kind: 'server-error' },
    });
    tasks.push(
      deliverBatch(
        world,
        ledger,
        dice.shuffle([newMessage(round, target), newMessage(round)]),
        dice.int(0, 1),
        dice,
      ),
    );
  }
  // Redeliveries come late and out of order, as EventBridge's retries do.
  const owed = ledger.owed.splice(0);
  const { later } = round;
  for (const batch of owed) {
    if (later.chance(0.7)) {
      tasks.push(
        deliverBatch(
          world,
          ledger,
          later.shuffle(batch),
          later.int(0, 1),
          later,
        ),
      );
    } else {
      ledger.owed.push(batch);
    }
  }
  await withFaults(round, faults, async () => {
    await Promise.all(tasks);
  });
};

const changeAKey = async (round: RoundContext): Promise<void> => {
  const { world, ledger, dice } = round;
  const key = dice.pick(KEYS.filter((k) => k.changeable));
  const state = keyTruth(world.cloud, key.keyId).state;
  if (state === undefined) return;
  const sensible =
    state === 'PendingDeletion'
      ? ['CancelKeyDeletion', 'wait']
      : state === 'Disabled'
        ? ['EnableKey', 'ScheduleKeyDeletion']
        : ['DisableKey', 'ScheduleKeyDeletion'];
  // Now and then a change KMS refuses, which must change nothing.
  const action = dice.chance(0.1)
    ? dice.pick(KEY_ACTIONS)
    : dice.pick(
        key.protectedFromDeletion
          ? sensible.filter((a) => a !== 'ScheduleKeyDeletion')
          : sensible,
      );
  if (action === undefined || action === 'wait') return;
  const accepted = await round.admin(key.keyId, action as never);
  ledger.keyChanges.push({ keyId: key.keyId, action, accepted });
  ledger.operations += 1;
};

const keyHealthPhase = async (round: RoundContext): Promise<void> => {
  const { world, ledger, dice } = round;
  if (dice.chance(0.6)) await changeAKey(round);
  const faults = keyHealthFaults(dice);
  const clean = faults.length === 0;
  await withFaults(round, faults, async () => {
    const pending = world.events.splice(0);
    if (pending.length > 0 && dice.chance(0.75)) {
      const shuffled = dice.shuffle(pending);
      // A duplicate comes again in a later round.
      if (dice.chance(0.3)) world.events.push(dice.pick(shuffled));
      if (dice.chance(0.5)) {
        await runKeyHealth(world, ledger, shuffled, {
          clean,
          coldStart: dice.chance(0.25),
        });
      } else {
        for (const event of shuffled) {
          await runKeyHealth(world, ledger, [event], {
            clean,
            coldStart: dice.chance(0.25),
          });
        }
      }
    } else {
      world.events.push(...pending);
    }
    if (dice.chance(0.6)) {
      await runKeyHealth(world, ledger, 'timer', {
        clean,
        coldStart: dice.chance(0.25),
      });
    }
  });
};

export const playRound = async (round: RoundContext): Promise<void> => {
  await provisioningPhase(round);
  await keyHealthPhase(round);
  const step = round.dice.pick(CLOCK_STEPS_MS);
  round.world.cloud.clock.advance(step);
  if (step > 0) round.ledger.operations += 1;
};

/**
 * The end of a run: faults cleared, every owed batch redelivered until
 * none throws, every request that ended in 503 sent again, pending
 * events handed on, and one clean timer run that must reach every
 * channel.
 */
export const settle = async (round: RoundContext): Promise<void> => {
  const { world, ledger, later: dice } = round;
  world.cloud.control.faults.clear();
  for (let pass = 0; pass < 5 && ledger.owed.length > 0; pass++) {
    for (const batch of ledger.owed.splice(0)) {
      await deliverBatch(world, ledger, batch, dice.int(0, 1), dice);
    }
  }
  for (const record of [...ledger.http]) {
    if (record.answers.at(-1)?.status === 503) {
      await sendHttp(world, ledger, record, dice.int(0, 1));
    }
  }
  const pending = world.events.splice(0);
  if (pending.length > 0) {
    await runKeyHealth(world, ledger, pending, {
      clean: true,
      coldStart: false,
    });
  }
  await runKeyHealth(world, ledger, 'timer', { clean: true, coldStart: true });
};
