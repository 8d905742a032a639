import {
  CancelKeyDeletionRequest,
  ScheduleKeyDeletionRequest,
} from '@alicloud/kms20160120';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SINK_FAILURES } from '../../../emulator/sink/replies.ts';
import { HOUR_MS } from '../../../shared/health/dates.ts';
import { byok, type Harness, kmsAdmin, startHarness } from './support.ts';

/** What each channel holds: status and severity of every notice. */
const received = (h: Harness, channel: 'dingtalk' | 'slack') =>
  h.cloud.sink
    .messages({ channel })
    .filter((m) => m.accepted)
    .map((m) => {
      const text = JSON.stringify(m.body);
      return text.includes('RESOLVED') ? 'resolved' : 'firing';
    });

describe('once per change, and one resolved (K10)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
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
    expect(first.channels['ops-slack']?.sent).toBe(1);

    // The platform retries the run: only DingTalk still needs it.
    const retry = await h.run();
    expect(retry.channels['ops-slack']?.outcome).toBe('nothing_to_send');
    expect(received(h, 'dingtalk')).toEqual(['firing']);
    expect(received(h, 'slack')).toEqual(['firing']);

    // T0 + 1 h, same state: inside the repeat interval.
    h.cloud.clock.advance(HOUR_MS);
    await h.run();
    expect(received(h, 'dingtalk')).toEqual(['firing']);
    expect(received(h, 'slack')).toEqual(['firing']);

    // T0 + 2 h: cancelled; DingTalk refuses the resolved notice once.
    h.cloud.clock.advance(HOUR_MS);
    await kms.cancelKeyDeletion(
      new CancelKeyDeletionRequest({ keyId: 'key-k10' }),
    );
    h.cloud.control.faults.add({
      service: 'sink',
      operation: 'dingtalk',
      times: 1,
      action: SINK_FAILURES.dingtalk.securityCheck,
    });
    const resolving = await h.run();
    expect(resolving.channels['ops-dingtalk']?.outcome).toBe('misconfigured');
    expect(received(h, 'dingtalk')).toEqual(['firing']);
    expect(received(h, 'slack')).toEqual(['firing', 'resolved']);

    // The retried run resolves DingTalk only; Slack already has it.
    const resolvingRetry = await h.run();
    expect(resolvingRetry.channels['ops-dingtalk']?.sent).toBe(1);
    expect(resolvingRetry.channels['ops-slack']?.outcome).toBe(
      'nothing_to_send',
    );
    await h.run();
    expect(received(h, 'dingtalk')).toEqual(['firing', 'resolved']);
    expect(received(h, 'slack')).toEqual(['firing', 'resolved']);
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
