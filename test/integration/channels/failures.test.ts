import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { SINK_FAILURES } from '../../../emulator/sink/service.ts';
import { sendNotices } from '../../../shared/channels/send.ts';
import type { ChannelType } from '../../../shared/channels/types.ts';
import { channelOn, depsOn, notice } from './support.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0 });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.sink.reset();
  cloud.control.faults.clear();
});

const TOKENS: Readonly<Record<ChannelType, string>> = {
  dingtalk: 'dt',
  feishu: 'fs',
  wecom: 'wc',
  slack: 'T1/B2/X3',
  generic: 'hook',
};

describe('"200 OK" that failed (K8)', () => {
  it.each(['dingtalk', 'feishu', 'wecom', 'slack', 'generic'] as const)(
    'retries %s rate limits and counts the alert only once the sink accepts it',
    async (type) => {
      cloud.control.faults.add({
        service: 'sink',
        operation: type,
        action: { kind: 'throttle' },
        times: 2,
      });
      const { deps } = depsOn(cloud);

      const report = await sendNotices(
        channelOn(cloud, type, TOKENS[type]),
        [notice('key-a')],
        deps,
      );

      expect(report).toMatchObject({
        outcome: 'delivered',
        attempts: 3,
        deliveredAlertIds: ['key-a'],
      });
      const accepted = cloud.sink
        .messages({ channel: type })
        .filter((m) => m.accepted);
      expect(accepted).toHaveLength(1);
    },
  );

  it('honours Slack Retry-After before trying again', async () => {
    cloud.control.faults.add({
      service: 'sink',
      operation: 'slack',
      action: {
        ...SINK_FAILURES.slack.rateLimited,
        headers: { 'retry-after': '2' },
      },
      times: 1,
    });
    const { deps, startedAt } = depsOn(cloud);

    const report = await sendNotices(
      channelOn(cloud, 'slack', TOKENS.slack),
      [notice('key-a')],
      deps,
    );

    expect(report.outcome).toBe('delivered');
    expect(startedAt).toHaveLength(2);
    expect((startedAt[1] ?? 0) - (startedAt[0] ?? 0)).toBeGreaterThanOrEqual(
      2000,
    );
  });

  it('retries a 5xx from the channel', async () => {
    cloud.control.faults.add({
      service: 'sink',
      operation: 'feishu',
      action: { kind: 'server-error' },
      times: 1,
    });

    const report = await sendNotices(
      channelOn(cloud, 'feishu', TOKENS.feishu),
      [notice('key-a')],
      depsOn(cloud).deps,
    );

    expect(report).toMatchObject({ outcome: 'delivered', attempts: 2 });
  });

  it.each([
    ['dingtalk', SINK_FAILURES.dingtalk.securityCheck, 'errcode_310000'],
    ['feishu', SINK_FAILURES.feishu.signMismatch, 'code_19021'],
    ['feishu', SINK_FAILURES.feishu.keywordMissing, 'code_19024'],
    ['slack', SINK_FAILURES.slack.invalidToken, 'http_403_invalid_token'],
    ['generic', SINK_FAILURES.generic.unauthorized, 'http_401'],
  ] as const)(
    'does not retry %s answering %j, and reports it misconfigured',
    async (type, reply, code) => {
      cloud.control.faults.add({
        service: 'sink',
        operation: type,
        action: reply,
      });

      const report = await sendNotices(
        channelOn(cloud, type, TOKENS[type]),
        [notice('key-a')],
        depsOn(cloud).deps,
      );

      expect(report).toEqual({
        channel: channelOn(cloud, type, TOKENS[type]).name,
        outcome: 'misconfigured',
        deliveredAlertIds: [],
        attempts: 1,
        error: code,
      });
    },
  );

  it('fails a DingTalk message refused as too large (460101) without retrying it', async () => {
    // Sending the same body again cannot shrink it.
    cloud.control.clearRequests();
    cloud.control.faults.add({
      service: 'sink',
      operation: 'dingtalk',
      action: SINK_FAILURES.dingtalk.tooLong,
    });

    const report = await sendNotices(
      channelOn(cloud, 'dingtalk', TOKENS.dingtalk),
      [notice('key-a')],
      depsOn(cloud).deps,
    );

    expect(report).toEqual({
      channel: channelOn(cloud, 'dingtalk', TOKENS.dingtalk).name,
      outcome: 'failed',
      deliveredAlertIds: [],
      attempts: 1,
      error: 'errcode_460101',
    });
    expect(
      cloud.control.requests({ service: 'sink', operation: 'dingtalk' }),
    ).toHaveLength(1);
  });

  it('records nothing as delivered when the rate limit outlasts the run', async () => {
    cloud.control.faults.add({
      service: 'sink',
      operation: 'dingtalk',
      action: { kind: 'throttle' },
    });
    const { deps } = depsOn(cloud, 2_500);
    const started = Date.now();

    const report = await sendNotices(
      channelOn(cloud, 'dingtalk', TOKENS.dingtalk),
      [notice('key-a'), notice('key-b', { status: 'resolved' })],
      deps,
    );

    expect(report).toMatchObject({
      outcome: 'failed',
      deliveredAlertIds: [],
      error: 'errcode_130101',
    });
    expect(report.attempts).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(2_500 + 500);
    expect(cloud.sink.messages().filter((m) => m.accepted)).toEqual([]);
  });

  it('tries again when the answer is lost, so the channel may see a message twice', async () => {
    cloud.control.faults.add({
      service: 'sink',
      operation: 'wecom',
      action: { kind: 'drop' },
      phase: 'after',
      times: 1,
    });

    const report = await sendNotices(
      channelOn(cloud, 'wecom', TOKENS.wecom),
      [notice('key-a')],
      depsOn(cloud).deps,
    );

    expect(report).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(
      cloud.sink.messages({ channel: 'wecom' }).filter((m) => m.accepted),
    ).toHaveLength(2);
  });
});
