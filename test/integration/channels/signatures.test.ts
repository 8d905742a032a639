import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { sendNotices } from '../../../shared/channels/send.ts';
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

const DT_SECRET = `SECdemo${'0'.repeat(58)}`;

describe('signed channels against the sink', () => {
  it('has its DingTalk signature verified, and a fresh one an hour later (K6)', async () => {
    cloud.sink.configureRobot('dingtalk', 'dt1', { secret: DT_SECRET });
    const channel = channelOn(cloud, 'dingtalk', 'dt1', { secret: DT_SECRET });

    const first = await sendNotices(
      channel,
      [notice('key-a')],
      depsOn(cloud).deps,
    );
    cloud.clock.advance(3_600_000);
    const second = await sendNotices(
      channel,
      [notice('key-a')],
      depsOn(cloud).deps,
    );

    expect([first.outcome, second.outcome]).toEqual(['delivered', 'delivered']);
    const received = cloud.sink.messages({ channel: 'dingtalk', token: 'dt1' });
    expect(received.map((m) => m.signatureValid)).toEqual([true, true]);
    const stamps = received.map((m) => Number(m.query.timestamp));
    expect((stamps[1] ?? 0) - (stamps[0] ?? 0)).toBeGreaterThanOrEqual(
      3_600_000,
    );
  });

  it('has its Feishu body signature verified, with nothing added to the URL (K7)', async () => {
    cloud.sink.configureRobot('feishu', 'fs1', {
      secret: 'demoFeishuSecret123',
    });
    const channel = channelOn(cloud, 'feishu', 'fs1', {
      secret: 'demoFeishuSecret123',
    });

    const report = await sendNotices(
      channel,
      [notice('key-a')],
      depsOn(cloud).deps,
    );

    expect(report.outcome).toBe('delivered');
    const [message] = cloud.sink.messages({ channel: 'feishu' });
    expect(message).toMatchObject({ signatureValid: true, query: {} });
    expect(message?.body).toMatchObject({
      timestamp: expect.stringMatching(/^\d{10}$/),
    });
  });

  it('has its Standard Webhooks signature verified by a generic receiver', async () => {
    const secret = `whsec_${Buffer.from('generic-secret-0001').toString('base64')}`;
    cloud.sink.configureRobot('generic', 'hook1', { secret });

    const report = await sendNotices(
      channelOn(cloud, 'generic', 'hook1', { secret }),
      [notice('key-a')],
      depsOn(cloud).deps,
    );

    expect(report.outcome).toBe('delivered');
    expect(cloud.sink.messages({ channel: 'generic' })[0]?.signatureValid).toBe(
      true,
    );
  });

  it('meets the robot keyword when the channel names it', async () => {
    cloud.sink.configureRobot('dingtalk', 'dt2', { keyword: 'kms-alarm' });
    cloud.sink.configureRobot('feishu', 'fs2', { keyword: 'kms-alarm' });

    const dingtalk = await sendNotices(
      channelOn(cloud, 'dingtalk', 'dt2', { keyword: 'kms-alarm' }),
      [notice('key-a')],
      depsOn(cloud).deps,
    );
    const feishu = await sendNotices(
      channelOn(cloud, 'feishu', 'fs2', { keyword: 'kms-alarm' }),
      [notice('key-a')],
      depsOn(cloud).deps,
    );

    expect([dingtalk.outcome, feishu.outcome]).toEqual([
      'delivered',
      'delivered',
    ]);
  });

  it('reports a wrong secret or a missing keyword as misconfigured after one try', async () => {
    cloud.sink.configureRobot('dingtalk', 'dt3', { secret: DT_SECRET });
    cloud.sink.configureRobot('feishu', 'fs3', {
      secret: 'demoFeishuSecret123',
    });
    cloud.sink.configureRobot('feishu', 'fs4', { keyword: 'kms-alarm' });

    const reports = await Promise.all([
      sendNotices(
        channelOn(cloud, 'dingtalk', 'dt3', { secret: 'SECwrongwrong' }),
        [notice('key-a')],
        depsOn(cloud).deps,
      ),
      sendNotices(
        channelOn(cloud, 'feishu', 'fs3', { secret: 'wrong-secret' }),
        [notice('key-a')],
        depsOn(cloud).deps,
      ),
      sendNotices(
        channelOn(cloud, 'feishu', 'fs4'),
        [notice('key-a')],
        depsOn(cloud).deps,
      ),
    ]);

    expect(
      reports.map((r) => [
        r.outcome,
        r.error,
        r.attempts,
        r.deliveredAlertIds.length,
      ]),
    ).toEqual([
      ['misconfigured', 'errcode_310000', 1, 0],
      ['misconfigured', 'code_19021', 1, 0],
      ['misconfigured', 'code_19024', 1, 0],
    ]);
    expect(cloud.sink.messages().filter((m) => m.accepted)).toEqual([]);
  });
});
