import type { FaultSpec } from '../../emulator/fault-spec.ts';
import { SINK_FAILURES } from '../../emulator/sink/replies.ts';
import { CHANNEL_RETRY_POLICY } from '../../shared/channels/retry.ts';
import { CHANNEL_TYPES } from '../../shared/channels/types.ts';
import type { Dice } from './pick.ts';

/**
 * Faults drawn at random for one phase of a round. SLS and KMS get
 * latency, hangs (ended by the client's own timeout), throttling, 5xx,
 * dropped connections, and creates that land but whose answer is lost.
 * The webhook sink gets throttling, 5xx, dropped connections and latency,
 * always before the message is taken: a sink that kept a message and
 * then lost the answer could not tell a duplicate from a retry, and that
 * at-least-once edge is a known limit, not what this run checks.
 */
const vendorFault = (dice: Dice): FaultSpec => {
  const service = dice.pick(['sls', 'kms'] as const);
  const operation =
    service === 'kms'
      ? 'DescribeKey'
      : dice.pick([
          undefined,
          'GetLogStore',
          'CreateLogStore',
          'ListLogStores',
        ]);
  const share = dice.pick([0.1, 0.2, 0.3]);
  const on = {
    service,
    ...(operation === undefined ? {} : { operation }),
  };
  switch (dice.int(1, 7)) {
    case 1:
      return {
        ...on,
        action: { kind: 'latency', ms: dice.int(20, 250) },
        share,
      };
    case 2:
      return { ...on, action: { kind: 'hang' }, times: 1 };
    case 3:
      return { ...on, action: { kind: 'throttle' }, share };
    case 4:
      return { ...on, action: { kind: 'server-error' }, share };
    case 5:
      return { ...on, action: { kind: 'drop' }, share };
    case 6:
      return {
        service: 'sls',
        operation: 'CreateLogStore',
        phase: 'after',
        action: { kind: 'drop' },
        share: 0.5,
      };
    default:
      return {
        ...on,
        action:
          service === 'sls'
            ? { kind: 'error', status: 500, code: 'InternalServerError' }
            : { kind: 'error', status: 503, code: 'ServiceUnavailable' },
        share,
      };
  }
};

const sinkFault = (dice: Dice): FaultSpec => {
  const channel = dice.chance(0.5) ? dice.pick(CHANNEL_TYPES) : undefined;
  const on = {
    service: 'sink' as const,
    ...(channel === undefined ? {} : { operation: channel }),
    times: dice.int(1, 2),
  };
  switch (dice.int(1, 4)) {
    case 1:
      return { ...on, action: { kind: 'throttle' } };
    case 2:
      return { ...on, action: { kind: 'server-error' } };
    case 3:
      return { ...on, action: { kind: 'drop' } };
    default:
      return { ...on, action: { kind: 'latency', ms: dice.int(20, 200) } };
  }
};

/**
 * A channel that fails every message of a phase, so its notices are
 * still owed when the run ends and only a later run can deliver them: a
 * robot answering that it is misconfigured (DingTalk errcode 310000,
 * Feishu code 19021, Slack invalid_token, a generic 401; one try, no
 * retry), or a 5xx that outlasts the sender's five attempts. Without it
 * every sink fault above is absorbed by the retries within the run, and
 * a notice recorded as sent without the channel's confirmation would go
 * unseen. The 5xx costs seconds of real backoff, so it is the rarer.
 */
const MISCONFIGURED = [
  ['dingtalk', SINK_FAILURES.dingtalk.securityCheck],
  ['feishu', SINK_FAILURES.feishu.signMismatch],
  ['slack', SINK_FAILURES.slack.invalidToken],
  ['generic', SINK_FAILURES.generic.unauthorized],
] as const;

export const lostChannelFault = (dice: Dice): FaultSpec => {
  if (dice.chance(0.1)) {
    // Five tries: one run's whole budget, not every run of the phase.
    return {
      service: 'sink',
      operation: dice.pick(CHANNEL_TYPES),
      action: { kind: 'server-error' },
      times: CHANNEL_RETRY_POLICY.maxAttempts,
    };
  }
  const [channel, reply] = dice.pick(MISCONFIGURED);
  return { service: 'sink', operation: channel, action: reply };
};

export const provisioningFaults = (dice: Dice): FaultSpec[] =>
  Array.from({ length: dice.int(0, 3) }, () => vendorFault(dice));

export const keyHealthFaults = (dice: Dice): FaultSpec[] => [
  ...Array.from({ length: dice.int(0, 2) }, () => vendorFault(dice)),
  ...Array.from({ length: dice.int(0, 2) }, () => sinkFault(dice)),
  ...(dice.chance(0.3) ? [lostChannelFault(dice)] : []),
];
