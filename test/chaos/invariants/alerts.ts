import type { ChannelType } from '../../../shared/channels/types.ts';
import { CHANNEL_TYPES } from '../../../shared/channels/types.ts';
import type { KeyHealthRecord, Ledger } from '../ledger.ts';
import { noticesOf, type SeenNotice } from '../sink-notices.ts';
import type { World } from '../world.ts';

/**
 * Every finding that held at a run's end reached every channel, once per
 * turn of its life: a first notice, repeats only after the repeat
 * interval or when what it says changes, and one resolved notice; none
 * lost. Judged from what the webhook sink received, in each channel's
 * own format, against the key states KMS itself held.
 */
const HOUR_MS = 3_600_000;
const REPEAT_MS: Readonly<Record<string, number>> = {
  CRITICAL: 4 * HOUR_MS,
  WARNING: 24 * HOUR_MS,
  UNVERIFIED: 24 * HOUR_MS,
};
// Sent-at is stamped when a channel confirms, a little after arrival.
const TOLERANCE_MS = 5 * 60_000;

interface Seen extends SeenNotice {
  readonly seq: number;
  readonly at: number;
}

const seenPerChannel = (world: World): Map<ChannelType, Seen[]> => {
  const out = new Map<ChannelType, Seen[]>(
    CHANNEL_TYPES.map((type) => [type, []]),
  );
  for (const message of world.cloud.sink.messages()) {
    if (!message.accepted) continue;
    for (const notice of noticesOf(message)) {
      out.get(message.channel)?.push({
        ...notice,
        seq: message.seq,
        at: message.receivedAt,
      });
    }
  }
  return out;
};

const contentOf = (n: Seen): string =>
  JSON.stringify([n.label, n.state ?? '', [...n.logstores].sort()]);

const checkSequences = (seen: Map<ChannelType, Seen[]>): string[] => {
  const violations: string[] = [];
  for (const [channel, notices] of seen) {
    const last = new Map<string, Seen>();
    for (const notice of notices) {
      const before = last.get(notice.subject);
      const where = `${channel} ${notice.subject} (sink #${notice.seq})`;
      if (notice.status === 'resolved' && before?.status !== 'firing') {
        violations.push(`${where}: resolved without a firing notice before it`);
      }
      if (
        notice.status === 'firing' &&
        before?.status === 'firing' &&
        contentOf(before) === contentOf(notice) &&
        notice.at - before.at < (REPEAT_MS[notice.label] ?? 0) - TOLERANCE_MS
      ) {
        violations.push(
          `${where}: the same ${notice.label} notice again after ` +
            `${((notice.at - before.at) / 60_000).toFixed(0)} min ` +
            `(sink #${before.seq})`,
        );
      }
      last.set(notice.subject, notice);
    }
  }
  return violations;
};

/** Keys whose state this run read from KMS without an injected fault. */
const establishedKeys = (world: World, run: KeyHealthRecord): Set<string> => {
  const keys = new Set<string>();
  for (const entry of world.cloud.control.requests({
    service: 'kms',
    operation: 'DescribeKey',
  })) {
    if (entry.seq <= run.logAfter || entry.seq > run.logUpTo) continue;
    if (entry.fault !== undefined) continue;
    const found = entry.status === 200;
    const gone = entry.errorCode === 'Forbidden.KeyNotFound';
    if ((found || gone) && entry.query.KeyId !== undefined) {
      keys.add(entry.query.KeyId);
    }
  }
  return keys;
};

const REACHED = new Set(['delivered', 'nothing_to_send']);

const checkRun = (
  world: World,
  run: KeyHealthRecord,
  seen: Map<ChannelType, Seen[]>,
): string[] => {
  const summary = run.summary;
  if (summary === undefined) return [];
  const violations: string[] = [];
  const established = establishedKeys(world, run);
  for (const channel of CHANNEL_TYPES) {
    const result = summary.channels[`demo-${channel}`];
    if (result === undefined || !REACHED.has(result.outcome)) continue;
    const upTo = (seen.get(channel) ?? []).filter((n) => n.seq <= run.sinkUpTo);
    for (const keyId of run.boundKeys) {
      if (!established.has(keyId)) continue;
      const truth = run.truth[keyId];
      if (truth === undefined) continue;
      const latest = upTo.filter((n) => n.subject === `key:${keyId}`).at(-1);
      const where = `run ${run.requestId} (${run.kind}), ${channel}, ${keyId}`;
      if (truth.healthy && latest?.status === 'firing') {
        violations.push(
          `${where}: the key is healthy (${truth.state}) but the channel's ` +
            `last notice (sink #${latest.seq}) still says ${latest.label}`,
        );
      }
      if (!truth.healthy && latest?.status !== 'firing') {
        violations.push(
          `${where}: the key is ${truth.state ?? 'gone'} but the channel ` +
            `was last told ${
              latest === undefined
                ? 'nothing'
                : `RESOLVED (sink #${latest.seq})`
            }`,
        );
      }
      if (
        !truth.healthy &&
        latest?.status === 'firing' &&
        truth.state !== undefined &&
        latest.state !== undefined &&
        latest.state !== truth.state
      ) {
        violations.push(
          `${where}: the key is ${truth.state} but the channel was last ` +
            `told ${latest.state} (sink #${latest.seq})`,
        );
      }
    }
  }
  return violations;
};

export const checkAlerts = (world: World, ledger: Ledger): string[] => {
  const seen = seenPerChannel(world);
  const violations = checkSequences(seen);
  for (const run of ledger.runs) violations.push(...checkRun(world, run, seen));
  const final = ledger.runs.at(-1);
  const channels = final?.summary?.channels ?? {};
  for (const channel of CHANNEL_TYPES) {
    const outcome = channels[`demo-${channel}`]?.outcome;
    if (outcome === undefined || !REACHED.has(outcome)) {
      violations.push(
        `the final clean run did not reach ${channel} ` +
          `(${outcome ?? 'no result'})`,
      );
    }
    const scans = (seen.get(channel) ?? []).filter((n) =>
      n.subject.startsWith('scan:'),
    );
    if (scans.at(-1)?.status === 'firing') {
      violations.push(`${channel}: a scan-incomplete alert never resolved`);
    }
  }
  return violations;
};
