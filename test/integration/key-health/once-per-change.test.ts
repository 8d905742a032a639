import {
  CancelKeyDeletionRequest,
  ScheduleKeyDeletionRequest,
} from '@alicloud/kms20160120';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SINK_FAILURES } from '../../../emulator/sink/replies.ts';
import { HOUR_MS } from '../../../shared/health/dates.ts';
import {
  byok,
  everySinkChannel,
  type Harness,
  kmsAdmin,
  startHarness,
} from './support.ts';

type Channel = 'dingtalk' | 'feishu' | 'wecom' | 'slack' | 'generic';

const EVERY: readonly Channel[] = [
  'dingtalk',
  'feishu',
  'wecom',
  'slack',
  'generic',
];

/** What each channel holds: status of every notice it accepted. */
const received = (h: Harness, channel: Channel) =>
  h.cloud.sink
    .messages({ channel })
    .filter((m) => m.accepted)
    .flatMap((m) => {
      // The generic channel sends the status as a field, the chat
      // channels as a RESOLVED label.
      if (channel === 'generic') {
        const { alerts } = m.body as { alerts: { status: string }[] };
        return alerts.map((a) => a.status);
      }
      const text = JSON.stringify(m.body);
      return [text.includes('RESOLVED') ? 'resolved' : 'firing'];
    });

/** Every channel's notices, by channel. */
const everyReceived = (h: Harness) =>
  Object.fromEntries(EVERY.map((c) => [c, received(h, c)]));

const each = <T>(value: T) => Object.fromEntries(EVERY.map((c) => [c, value]));

describe('once per change, and one resolved (K10)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ channels: everySinkChannel });
    h.cloud.control.seed({
      keys: [{ keyId: 'key-k10', deletionProtection: false }],
      logstores: [byok('demo-proj', 'app-audit', 'key-k10')],
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('tells each channel once, resends only to the one that failed, and resolves once', async () => {
    const kms = kmsAdmin(h.cloud);
    const others = (failing: Channel) => EVERY.filter((c) => c !== failing);
    await h.run();
    expect(h.cloud.sink.messages()).toEqual([]);

    // T0: scheduled for deletion; DingTalk refuses the first message.
    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({
        keyId: 'key-k10',
        pendingWindowInDays: 7,
      }),
    );
    h.cloud.control.faults.add({
      service: 'sink',
      operation: 'dingtalk',
      times: 1,
      action: {
        kind: 'reply',
        status: 200,
        body: '{"errcode":310000,"errmsg":"sign not match"}',
      },
    });
    const first = await h.run();
    expect(first.channels['ops-dingtalk']?.outcome).toBe('misconfigured');
    for (const channel of others('dingtalk')) {
      expect(first.channels[`ops-${channel}`]?.sent).toBe(1);
    }

    // The platform retries the run: only DingTalk still needs it.
    const retry = await h.run();
    expect(retry.channels['ops-dingtalk']?.sent).toBe(1);
    for (const channel of others('dingtalk')) {
      expect(retry.channels[`ops-${channel}`]?.outcome).toBe('nothing_to_send');
    }
    expect(everyReceived(h)).toEqual(each(['firing']));

    // T0 + 1 h, same state: inside the repeat interval.
    h.cloud.clock.advance(HOUR_MS);
    await h.run();
    expect(everyReceived(h)).toEqual(each(['firing']));

    // T0 + 2 h: cancelled; Feishu refuses the resolved notice once.
    h.cloud.clock.advance(HOUR_MS);
    await kms.cancelKeyDeletion(
      new CancelKeyDeletionRequest({ keyId: 'key-k10' }),
    );
    h.cloud.control.faults.add({
      service: 'sink',
      operation: 'feishu',
      times: 1,
      action: SINK_FAILURES.feishu.signMismatch,
    });
    const resolving = await h.run();
    expect(resolving.channels['ops-feishu']?.outcome).toBe('misconfigured');
    expect(everyReceived(h)).toEqual({
      ...each(['firing', 'resolved']),
      feishu: ['firing'],
    });

    // The retried run resolves Feishu only; the others already have it.
    const resolvingRetry = await h.run();
    expect(resolvingRetry.channels['ops-feishu']?.sent).toBe(1);
    for (const channel of others('feishu')) {
      expect(resolvingRetry.channels[`ops-${channel}`]?.outcome).toBe(
        'nothing_to_send',
      );
    }
    await h.run();
    expect(everyReceived(h)).toEqual(each(['firing', 'resolved']));
  });

  it('repeats a critical alert after four hours, and only then', async () => {
    await kmsAdmin(h.cloud).scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({
        keyId: 'key-k10',
        pendingWindowInDays: 30,
      }),
    );
    await h.run();

    h.cloud.clock.advance(4 * HOUR_MS - 60_000);
    await h.run();
    h.cloud.clock.advance(60_000);
    await h.run();

    expect(received(h, 'slack')).toEqual(['firing', 'firing']);
  });
});

describe('runs that arrive together', () => {
  it('never overlap on one instance, so each channel hears once', async () => {
    const h = await startHarness();
    h.cloud.control.seed({
      keys: [{ keyId: 'key-both', state: 'Disabled' }],
      logstores: [byok('demo-proj', 'app-audit', 'key-both')],
    });
    const invoke = h.warm();

    const summaries = await Promise.all([invoke(), invoke()]);

    expect(received(h, 'slack')).toEqual(['firing']);
    expect(received(h, 'dingtalk')).toEqual(['firing']);
    expect(summaries.map((s) => s.keys.critical)).toEqual([1, 1]);
    await h.close();
  });
});
