import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
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

const manyLogstores = (key: number) =>
  Array.from(
    { length: 60 },
    (_, i) => `proj-${key}/logstore-with-a-long-name-${i}`,
  );

describe('message bodies the channels accept (K9)', () => {
  it('gives Slack a non-empty top-level text along with its blocks', async () => {
    const report = await sendNotices(
      channelOn(cloud, 'slack', 'T1/B2/X3'),
      [
        notice('key-a'),
        notice('key-b', { status: 'resolved', severity: 'warning' }),
      ],
      depsOn(cloud).deps,
    );

    expect(report.outcome).toBe('delivered');
    const [message] = cloud.sink.messages({ channel: 'slack' });
    const body = message?.body as { text: string; blocks: unknown[] };
    expect(body.text.trim()).not.toBe('');
    expect(body.text).toContain('CMK key-a (cn-hangzhou) is Disabled');
    expect(body.blocks.length).toBeGreaterThan(1);
  });

  it("sends the generic channel keyguard's versioned JSON, judged by status alone", async () => {
    cloud.control.faults.add({
      service: 'sink',
      operation: 'generic',
      action: { kind: 'reply', status: 200, body: '{"errcode":310000}' },
      times: 1,
    });

    const report = await sendNotices(
      channelOn(cloud, 'generic', 'hook'),
      [notice('key-a')],
      depsOn(cloud).deps,
    );
    const second = await sendNotices(
      channelOn(cloud, 'generic', 'hook'),
      [notice('key-a')],
      depsOn(cloud).deps,
    );

    expect([report.outcome, second.outcome]).toEqual([
      'delivered',
      'delivered',
    ]);
    const [message] = cloud.sink.messages({ channel: 'generic' });
    expect(message?.headers['webhook-id']).toMatch(/^msg_/);
    expect(message?.body).toMatchObject({
      version: '1',
      type: 'keyguard.alerts',
      page: { index: 1, count: 1 },
      alerts: [
        {
          alertId: 'key-a',
          status: 'firing',
          severity: 'critical',
          logstores: ['demo-proj/app-audit'],
          logstoresOmitted: 0,
        },
      ],
      deferredAlerts: 0,
    });
  });

  it.each(['dingtalk', 'feishu', 'wecom', 'slack'] as const)(
    'splits a large %s run into messages the sink accepts, each alert in one',
    async (type: ChannelType) => {
      const notices = Array.from({ length: 8 }, (_, i) =>
        notice(`key-${i}`, { logstores: manyLogstores(i) }),
      );
      const token = type === 'slack' ? 'T1/B2/X9' : 'big';

      const report = await sendNotices(
        channelOn(cloud, type, token),
        notices,
        depsOn(cloud, 30_000).deps,
      );

      expect(report.outcome).toBe('delivered');
      expect([...report.deliveredAlertIds].sort()).toEqual(
        notices.map((n) => n.alertId).sort(),
      );
      const received = cloud.sink.messages({ channel: type });
      expect(received.every((m) => m.accepted)).toBe(true);
      if (type !== 'slack') expect(received.length).toBeGreaterThan(1);
    },
  );

  it('holds WeCom alerts past the per-run message budget for the next run, saying so', async () => {
    const notices = Array.from({ length: 14 }, (_, i) =>
      notice(`key-${i}`, { logstores: manyLogstores(i) }),
    );

    const report = await sendNotices(
      channelOn(cloud, 'wecom', 'budget'),
      notices,
      depsOn(cloud, 30_000).deps,
    );

    const received = cloud.sink.messages({ channel: 'wecom' });
    expect(received).toHaveLength(10);
    expect(report).toMatchObject({
      outcome: 'partial',
      error: 'message_budget',
    });
    const held = notices.length - report.deliveredAlertIds.length;
    expect(held).toBeGreaterThan(0);
    const last = received.at(-1)?.body as { markdown: { content: string } };
    expect(last.markdown.content).toContain(
      `${held} more alerts did not fit this run`,
    );
  });
});
