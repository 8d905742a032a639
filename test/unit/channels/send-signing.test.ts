import { afterEach, describe, expect, it } from 'vitest';
import { sendNotices } from '../../../shared/channels/send.ts';
import { standardWebhook } from '../../../shared/channels/signing.ts';
import { clearSecrets } from '../../../shared/secrets.ts';
import { OK, scriptedFetch } from './fake-fetch.ts';
import { pendingDeletion } from './notices.ts';
import { DINGTALK, depsWith, movableClock } from './send-support.ts';

afterEach(() => clearSecrets());

describe('signing each send', () => {
  it('signs each DingTalk send with its own timestamp, one hour apart on a warm instance (K6)', async () => {
    const clock = movableClock(1_735_689_600_001);
    const channel = scriptedFetch(OK.dingtalk);
    const { deps } = depsWith(channel.fetch, clock);

    await sendNotices(DINGTALK, [pendingDeletion()], deps);
    clock.advance(3_600_000);
    await sendNotices(DINGTALK, [pendingDeletion()], {
      ...deps,
      deadline: clock.now() + 15_000,
    });

    expect(channel.calls.map((call) => call.url)).toEqual([
      `${DINGTALK.url}&timestamp=1735689600001&sign=2bOnQQDCYvnv40061pRyZrJ%2B9a6Pe93sWUDACzGRzMs%3D`,
      `${DINGTALK.url}&timestamp=1735693200001&sign=vqdPyrlJXSBIjom%2Ft6udDuW2uKMJvmVGbtBAPgR9bK0%3D`,
    ]);
  });

  it('puts the Feishu timestamp and sign in the body and nothing in the URL (K7)', async () => {
    const url = 'https://open.feishu.cn/open-apis/bot/v2/hook/fs-token-0001';
    const channel = scriptedFetch(OK.feishu);
    const { deps } = depsWith(channel.fetch, movableClock(1_735_689_600_000));

    const report = await sendNotices(
      {
        name: 'lark',
        type: 'feishu',
        url,
        secret: 'demoFeishuSecret123',
        minSeverity: 'warning',
      },
      [pendingDeletion()],
      deps,
    );

    expect(report.outcome).toBe('delivered');
    expect(channel.calls[0]?.url).toBe(url);
    expect(channel.calls[0]?.body).toMatchObject({
      timestamp: '1735689600',
      sign: 'PLUlJYB/DKPmVp+s+tvGGUHqfBBr7kv4LrbZTV1a9RE=',
      msg_type: 'interactive',
    });
  });

  it('keeps the Standard Webhooks id across retries and signs each try', async () => {
    const secret = `whsec_${Buffer.from('generic-secret-0001').toString('base64')}`;
    const channel = scriptedFetch({ status: 503, body: '' }, OK.generic);
    const { deps } = depsWith(channel.fetch);

    const report = await sendNotices(
      {
        name: 'hook',
        type: 'generic',
        url: 'https://receiver.example/keyguard',
        secret,
        minSeverity: 'warning',
      },
      [pendingDeletion()],
      deps,
    );

    expect(report.outcome).toBe('delivered');
    const [first, second] = channel.calls;
    expect(first?.headers['webhook-id']).toBe(second?.headers['webhook-id']);
    const body = JSON.stringify(second?.body);
    expect(() =>
      standardWebhook(secret).verify(body, second?.headers ?? {}),
    ).not.toThrow();
    expect(second?.body).toMatchObject({
      version: '1',
      type: 'keyguard.alerts',
    });
  });

  it('gives a message the same webhook-id in a later run, named by its notices', async () => {
    const secret = `whsec_${Buffer.from('generic-secret-0001').toString('base64')}`;
    const hook = {
      name: 'hook',
      type: 'generic' as const,
      url: 'https://receiver.example/keyguard',
      secret,
      minSeverity: 'warning' as const,
    };
    const channel = scriptedFetch(OK.generic, OK.generic, OK.generic);
    const clock = movableClock(1_735_689_600_000);
    const { deps } = depsWith(channel.fetch, clock);
    const later = () => ({ ...deps, deadline: clock.now() + 15_000 });

    await sendNotices(hook, [pendingDeletion({ noticeId: 'n-1' })], deps);
    clock.advance(600_000);
    await sendNotices(hook, [pendingDeletion({ noticeId: 'n-1' })], later());
    await sendNotices(hook, [pendingDeletion({ noticeId: 'n-2' })], later());

    const ids = channel.calls.map((call) => call.headers['webhook-id']);
    expect(ids[0]).toMatch(/^msg_[\w-]{24}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });
});
