import type {
  AlertNotice,
  ChannelConfig,
  DeliveryOutcome,
  DeliveryReport,
} from '../channels/types.ts';
import type { AlertRecord } from './alert-record.ts';
import {
  isSettled,
  type PlanOptions,
  planChannel,
  recordDelivery,
} from './channel-plan.ts';
import type { StateStore } from './state-store.ts';

/**
 * Sends each channel its one message of the run, carrying every alert
 * that channel has not yet been told, and records per channel only what
 * the channel confirmed. Each channel's confirmations are written as soon
 * as they arrive, so a crash while another channel is still retrying
 * loses nothing already delivered.
 */
export type SendNotices = (
  channel: ChannelConfig,
  notices: readonly AlertNotice[],
) => Promise<DeliveryReport>;

export interface ChannelResult {
  readonly outcome: DeliveryOutcome | 'nothing_to_send' | 'dry_run';
  readonly planned: number;
  readonly sent: number;
  readonly failed: number;
  readonly attempts: number;
  readonly error?: string;
}

export interface DeliveryInput {
  readonly records: Map<string, AlertRecord>;
  readonly channels: readonly ChannelConfig[];
  readonly plan: PlanOptions;
  readonly send: SendNotices;
  readonly store: StateStore;
  readonly dryRun: boolean;
  readonly now: () => number;
}

const deliverOne = async (
  input: DeliveryInput,
  channel: ChannelConfig,
): Promise<ChannelResult> => {
  const notices = planChannel(input.records.values(), channel, input.plan);
  const planned = notices.length;
  if (planned === 0) {
    return {
      outcome: 'nothing_to_send',
      planned,
      sent: 0,
      failed: 0,
      attempts: 0,
    };
  }
  if (input.dryRun) {
    return { outcome: 'dry_run', planned, sent: 0, failed: 0, attempts: 0 };
  }
  let report: DeliveryReport;
  try {
    report = await input.send(channel, notices);
  } catch (error) {
    // A channel that throws instead of reporting is a failed channel,
    // never a failed run: the other channels still get their message.
    report = {
      channel: channel.name,
      outcome: 'failed',
      deliveredAlertIds: [],
      attempts: 0,
      error: error instanceof Error ? error.name : 'unexpected',
    };
  }
  const delivered = new Set(report.deliveredAlertIds);
  const sentAt = input.now();
  const saves: Promise<void>[] = [];
  for (const notice of notices) {
    const record = input.records.get(notice.alertId);
    if (record === undefined || !delivered.has(notice.alertId)) continue;
    const next = recordDelivery(record, channel.name, notice, sentAt);
    input.records.set(notice.alertId, next);
    saves.push(input.store.saveAlert(next));
  }
  await Promise.all(saves);
  const sent = notices.filter((n) => delivered.has(n.alertId)).length;
  return {
    outcome: report.outcome,
    planned,
    sent,
    failed: planned - sent,
    attempts: report.attempts,
    ...(report.error === undefined ? {} : { error: report.error }),
  };
};

export const deliver = async (
  input: DeliveryInput,
): Promise<Record<string, ChannelResult>> => {
  const results = await Promise.all(
    input.channels.map(
      async (channel) =>
        [channel.name, await deliverOne(input, channel)] as const,
    ),
  );
  if (!input.dryRun) {
    const names = input.channels.map((c) => c.name);
    for (const [id, record] of [...input.records]) {
      if (!isSettled(record, names)) continue;
      input.records.delete(id);
      await input.store.deleteAlert(id);
    }
  }
  return Object.fromEntries(results);
};
