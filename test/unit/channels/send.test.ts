import { afterEach, describe, expect, it } from 'vitest';
import { sendNotices } from '../../../shared/channels/send.ts';
import { standardWebhook } from '../../../shared/channels/signing.ts';
import type { ChannelConfig } from '../../../shared/channels/types.ts';
import {
  type Clock,
  seededRandom,
  systemClock,
} from '../../../shared/clock.ts';
import { createLogger, memoryDestination } from '../../../shared/logging.ts';
import { clearSecrets } from '../../../shared/secrets.ts';
import { OK, scriptedFetch } from './fake-fetch.ts';
import { pendingDeletion } from './notices.ts';

const DINGTALK_SECRET = `SECdemo${'0'.repeat(58)}`;
const DINGTALK: ChannelConfig = {
  name: 'ops-dingtalk',
  type: 'dingtalk',
  url: 'https://oapi.dingtalk.com/robot/send?access_token=dt-token-0001',
  secret: DINGTALK_SECRET,
  minSeverity: 'warning',
};

const movableClock = (start: number) => {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

const depsWith = (
  fetch: typeof globalThis.fetch,
  clock: Clock = systemClock,
) => {
  const destination = memoryDestination();
  return {
    deps: {
      clock,
      random: seededRandom(3),
      deadline: clock.now() + 15_000,
      logger: createLogger({ destination, level: 'debug' }),
      fetch,
    },
    lines: destination.lines,
  };
};

afterEach(() => clearSecrets());

describe('sending one run to one channel', () => {
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

  it('retries "200 OK" rate limits and reports the alert delivered once confirmed (K8)', async () => {
    const tooFast = {
      status: 200,
      body: '{"errcode":130101,"errmsg":"send too fast"}',
    };
    const channel = scriptedFetch(tooFast, tooFast, OK.dingtalk);
    const { deps, lines } = depsWith(channel.fetch);

    const report = await sendNotices(DINGTALK, [pendingDeletion()], deps);

    expect(report).toEqual({
      channel: 'ops-dingtalk',
      outcome: 'delivered',
      deliveredAlertIds: ['key-demo0001/key-state'],
      attempts: 3,
    });
    expect(
      lines.filter((line) => line.includes('"event":"channel.retry"')),
    ).toHaveLength(2);
  });

  it('reports a refused signature as misconfigured after one try, delivering nothing (K8)', async () => {
    const channel = scriptedFetch(
      { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' },
      OK.dingtalk,
    );
    const { deps } = depsWith(channel.fetch);

    const report = await sendNotices(DINGTALK, [pendingDeletion()], deps);

    expect(report).toEqual({
      channel: 'ops-dingtalk',
      outcome: 'misconfigured',
      deliveredAlertIds: [],
      attempts: 1,
      error: 'errcode_310000',
    });
  });

  it('counts only the notices of confirmed messages when one of several fails', async () => {
    const notices = Array.from({ length: 30 }, (_, i) =>
      pendingDeletion({
        alertId: `key-${i}/key-state`,
        logstores: Array.from(
          { length: 40 },
          (_, j) => `proj-${i}/logstore-${j}`,
        ),
      }),
    );
    const tooLong = {
      status: 200,
      body: '{"errcode":460101,"errmsg":"message too long"}',
    };
    const channel = scriptedFetch(OK.dingtalk, tooLong, OK.dingtalk);
    const { deps } = depsWith(channel.fetch);

    const report = await sendNotices(DINGTALK, notices, deps);

    expect(channel.calls.length).toBeGreaterThanOrEqual(3);
    expect(report.outcome).toBe('partial');
    expect(report.error).toBe('errcode_460101');
    const secondPage = channel.calls[1]?.body.markdown as { text: string };
    const missing = notices.filter(
      (n) => !report.deliveredAlertIds.includes(n.alertId),
    );
    expect(missing.length).toBeGreaterThan(0);
    for (const notice of missing)
      expect(secondPage.text).toContain(`\`${notice.logstores[0]}\``);
  });

  it('skips a channel whose minimum severity no notice reaches, sending nothing', async () => {
    const channel = scriptedFetch(OK.slack);
    const { deps } = depsWith(channel.fetch);

    const report = await sendNotices(
      {
        name: 'pager',
        type: 'slack',
        url: 'https://hooks.slack.com/services/T1/B2/X3',
        minSeverity: 'critical',
      },
      [
        pendingDeletion({ severity: 'warning' }),
        pendingDeletion({ alertId: 'u', severity: 'unverified' }),
      ],
      deps,
    );

    expect(report).toEqual({
      channel: 'pager',
      outcome: 'skipped',
      deliveredAlertIds: [],
      attempts: 0,
    });
    expect(channel.calls).toHaveLength(0);
  });

  it('retries a network failure and ends a hanging call at the deadline', async () => {
    const recovers = scriptedFetch('network-error', OK.slack);
    const hangs = scriptedFetch('hang');
    const slack: ChannelConfig = {
      name: 's',
      type: 'slack',
      url: 'https://hooks.slack.com/services/T1/B2/X3',
      minSeverity: 'warning',
    };

    const first = await sendNotices(
      slack,
      [pendingDeletion()],
      depsWith(recovers.fetch).deps,
    );
    const started = Date.now();
    const second = await sendNotices(slack, [pendingDeletion()], {
      ...depsWith(hangs.fetch).deps,
      deadline: started + 400,
    });

    expect(first).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(second).toMatchObject({
      outcome: 'failed',
      error: 'timeout',
      deliveredAlertIds: [],
    });
    expect(Date.now() - started).toBeLessThan(2000);
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

  it('never logs the webhook URL, its token or the signing secret', async () => {
    const channel = scriptedFetch(
      { status: 200, body: '{"errcode":130101}' },
      { status: 200, body: '{"errcode":310000}' },
    );
    const { deps, lines } = depsWith(channel.fetch);

    await sendNotices(DINGTALK, [pendingDeletion()], deps);

    const log = lines.join('\n');
    expect(log).toContain('"event":"channel.report"');
    for (const secret of [
      'dt-token-0001',
      DINGTALK_SECRET,
      'oapi.dingtalk.com',
      'sign=',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
