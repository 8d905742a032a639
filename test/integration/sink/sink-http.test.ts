import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { SINK_FAILURES } from '../../../emulator/sink/service.ts';

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

const postJson = (path: string, body: unknown) =>
  fetch(`${cloud.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const markdown = {
  msgtype: 'markdown',
  markdown: { title: 'k', text: 'keyguard' },
};

describe('the webhook sink over HTTP', () => {
  it('takes robot settings and shows received messages through the control API', async () => {
    const secret = 'SECcontrolapi0001';
    await postJson('/_control/sink/robots', {
      channel: 'dingtalk',
      token: 'ctl',
      secret,
    });
    const timestamp = String(cloud.clock.now());
    const sign = createHmac('sha256', secret)
      .update(`${timestamp}\n${secret}`)
      .digest('base64');

    const response = await postJson(
      `/_sink/dingtalk/robot/send?access_token=ctl&timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`,
      markdown,
    );
    const messages = (await (
      await fetch(`${cloud.url}/_control/sink/messages?channel=dingtalk`)
    ).json()) as {
      token: string;
      signatureValid: boolean;
      accepted: boolean;
    }[];

    expect(await response.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(messages).toMatchObject([
      { token: 'ctl', signatureValid: true, accepted: true },
    ]);
  });

  it('answers an unknown sink path with 404 and records nothing', async () => {
    const response = await postJson('/_sink/teams/webhook', { text: 'x' });

    expect(response.status).toBe(404);
    expect(cloud.sink.messages()).toEqual([]);
  });

  it('replays a named failure preset as an injected reply, for that channel only', async () => {
    cloud.control.faults.add({
      service: 'sink',
      operation: 'dingtalk',
      action: SINK_FAILURES.dingtalk.tooLong,
      times: 1,
    });
    const logged = () =>
      cloud.control.requests({ service: 'sink', operation: 'dingtalk' }).length;
    const before = logged();

    const refused = await postJson(
      '/_sink/dingtalk/robot/send?access_token=a',
      markdown,
    );
    const slack = await postJson('/_sink/slack/services/T1/B2/X3', {
      text: 'hello',
    });
    const again = await postJson(
      '/_sink/dingtalk/robot/send?access_token=a',
      markdown,
    );

    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({ errcode: 460101 });
    expect([slack.status, await slack.text()]).toEqual([200, 'ok']);
    expect(await again.json()).toMatchObject({ errcode: 0 });
    expect(logged() - before).toBe(2);
  });

  it('throttles Slack with 429 and Retry-After, as Slack does', async () => {
    cloud.control.faults.add({
      service: 'sink',
      operation: 'slack',
      action: { kind: 'throttle' },
      times: 1,
    });

    const response = await postJson('/_sink/slack/services/T1/B2/X3', {
      text: 'hello',
    });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('refuses a WeCom message over 4096 bytes with HTTP 200 and errcode 40058', async () => {
    const content = 'x'.repeat(4097);

    const response = await postJson(
      '/_sink/wecom/cgi-bin/webhook/send?key=k1',
      {
        msgtype: 'markdown',
        markdown: { content },
      },
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ errcode: 40058 });
    expect(
      cloud.sink.messages({ channel: 'wecom', token: 'k1' })[0]?.accepted,
    ).toBe(false);
  });
});
