import { createHash } from 'node:crypto';
import type { AlertNotice } from '../channels/types.ts';
import type { AlertRecord, ChannelDelivery } from './alert-record.ts';
import { resolvedNotice } from './notice.ts';
import { atLeast, type Severity, severityRank } from './severity.ts';

/**
 * Which channel hears what this run. A channel is told when an alert it
 * accepts is new to it, changed, or due again after the repeat interval,
 * and told once when the alert resolves or drops below its minimum
 * severity. Everything is decided from what each channel was last told,
 * so a retried run sends only what did not arrive.
 */
export interface PlannedChannel {
  readonly name: string;
  readonly minSeverity: Severity;
}

export type RepeatIntervals = Readonly<Record<Severity, number>>;

export interface PlanOptions {
  readonly now: number;
  readonly repeat: RepeatIntervals;
  readonly timeZone: string;
}

const firingDue = (
  record: AlertRecord,
  told: ChannelDelivery | undefined,
  options: PlanOptions,
): boolean =>
  told === undefined ||
  told.status === 'resolved' ||
  told.fingerprint !== record.fingerprint ||
  options.now - told.sentAt >= options.repeat[record.severity];

/**
 * What the channel is due to hear, named by what it was last told: the
 * id changes only once the channel confirms a notice, so a notice it
 * accepted without our hearing of it comes again under the same id.
 */
const noticeId = (
  record: AlertRecord,
  status: AlertNotice['status'],
  told: ChannelDelivery | undefined,
): string =>
  createHash('sha256')
    .update(
      [
        record.alertId,
        // An alert that resolved, was forgotten and came back is a new
        // record: its first sighting keeps it apart from the earlier one.
        record.firstSeenAt,
        status,
        record.fingerprint,
        told?.sentAt ?? 0,
      ].join('\n'),
    )
    .digest('base64url')
    .slice(0, 22);

export const noticeFor = (
  record: AlertRecord,
  channel: PlannedChannel,
  options: PlanOptions,
): AlertNotice | undefined => {
  const notice = dueNotice(record, channel, options);
  if (notice === undefined) return undefined;

  return {
    ...notice,
    noticeId: noticeId(record, notice.status, record.channels[channel.name]),
  };
};

const dueNotice = (
  record: AlertRecord,
  channel: PlannedChannel,
  options: PlanOptions,
): AlertNotice | undefined => {
  if (record.muted) return undefined;
  const told = record.channels[channel.name];
  const accepted =
    record.status === 'firing' && atLeast(record.severity, channel.minSeverity);
  if (accepted) {
    return firingDue(record, told, options) ? record.notice : undefined;
  }
  if (told?.status !== 'firing') return undefined;
  // A resolved notice carries the severity the channel was last told,
  // so the channel's own minimum-severity filter lets it through.
  if (record.status === 'resolved') {
    return { ...record.notice, severity: told.severity };
  }
  return {
    ...resolvedNotice(
      record.lastFiring,
      `Now ${record.severity}, below this channel's minimum ` +
        `(${channel.minSeverity}).`,
      options.now,
      options.timeZone,
    ),
    severity: told.severity,
  };
};

const bySeverityThenId = (a: AlertRecord, b: AlertRecord): number =>
  severityRank(b.severity) - severityRank(a.severity) ||
  a.alertId.localeCompare(b.alertId);

export const planChannel = (
  records: Iterable<AlertRecord>,
  channel: PlannedChannel,
  options: PlanOptions,
): AlertNotice[] =>
  [...records]
    .sort(bySeverityThenId)
    .flatMap((record) => noticeFor(record, channel, options) ?? []);

/** Records what a channel confirmed; nothing else counts as sent. */
export const recordDelivery = (
  record: AlertRecord,
  channelName: string,
  notice: AlertNotice,
  now: number,
): AlertRecord => ({
  ...record,
  channels: {
    ...record.channels,
    [channelName]: {
      status: notice.status,
      severity: notice.severity,
      fingerprint: record.fingerprint,
      sentAt: now,
    },
  },
  updatedAt: now,
});

/** A resolved alert is forgotten once no channel still thinks it fires. */
export const isSettled = (
  record: AlertRecord,
  channelNames: readonly string[],
): boolean =>
  record.status === 'resolved' &&
  channelNames.every((name) => record.channels[name]?.status !== 'firing');
