import { afterEach, describe, expect, it } from 'vitest';
import { sendNotices } from '../../../shared/channels/send.ts';
import type { ChannelConfig } from '../../../shared/channels/types.ts';
import { clearSecrets } from '../../../shared/secrets.ts';
import { OK, scriptedFetch } from './fake-fetch.ts';
import { pendingDeletion } from './notices.ts';
import { DINGTALK, DINGTALK_SECRET, depsWith } from './send-support.ts';

afterEach(() => clearSecrets());

describe('sending one run to one channel', () => {
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
      deliveredAlertIds: ['key-demo0002/key-state'],
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
