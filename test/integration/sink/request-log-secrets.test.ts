import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';

/**
 * The request log is read by tests, the bench and the chaos run, and
 * printed when they fail: a webhook URL's token and a message's signature
 * are credentials (platform-facts §7), so neither may be kept there. The
 * sink's own message record keeps them on purpose, for signature tests.
 */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0 });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

const post = (path: string, body: unknown, headers = {}) =>
  fetch(`${cloud.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const loggedSink = async (): Promise<string> =>
  JSON.stringify(
    await (await fetch(`${cloud.url}/_control/requests?service=sink`)).json(),
  );

describe('the request log of webhook calls', () => {
  it.each([
    [
      'slack',
      '/_sink/slack/services/TCANARY1/BCANARY2/XCANARY3',
      { text: 'hi' },
      {},
      ['TCANARY1', 'BCANARY2', 'XCANARY3'],
    ],
    [
      'feishu',
      '/_sink/feishu/open-apis/bot/v2/hook/FEISHUCANARY',
      { timestamp: '1', sign: 'SIGNCANARY==', msg_type: 'text' },
      {},
      ['FEISHUCANARY', 'SIGNCANARY'],
    ],
    [
      'generic',
      '/_sink/generic/GENERICCANARY',
      { text: 'hi' },
      { 'webhook-id': 'msg_1', 'webhook-signature': 'v1,HEADERCANARY=' },
      ['GENERICCANARY', 'HEADERCANARY'],
    ],
    [
      'wecom',
      '/_sink/wecom/cgi-bin/webhook/send?key=WECOMCANARY',
      { msgtype: 'text' },
      {},
      ['WECOMCANARY'],
    ],
    [
      'dingtalk',
      '/_sink/dingtalk/robot/send?access_token=DINGCANARY&timestamp=1&sign=DSIGNCANARY',
      { msgtype: 'text' },
      {},
      ['DINGCANARY', 'DSIGNCANARY'],
    ],
  ])(
    'keeps no %s token or signature',
    async (channel, path, body, headers, secrets) => {
      await post(path, body, headers);

      const logged = await loggedSink();

      expect(logged).toContain(`"operation":"${channel}"`);
      for (const secret of secrets) expect(logged).not.toContain(secret);
    },
  );

  it('still says which channel path and what message was sent', async () => {
    await post('/_sink/feishu/open-apis/bot/v2/hook/FEISHUCANARY', {
      timestamp: '1',
      sign: 'SIGNCANARY==',
      msg_type: 'text',
    });

    const [entry] = cloud.control.requests({ service: 'sink' });

    expect(entry?.path).toBe('/_sink/feishu/open-apis/bot/v2/hook/***');
    expect(JSON.parse(entry?.body ?? '')).toEqual({
      timestamp: '1',
      msg_type: 'text',
    });
  });

  it('leaves the sink record its tokens, for signature tests', async () => {
    await post('/_sink/generic/GENERICCANARY', { text: 'hi' });

    expect(cloud.sink.messages()[0]?.token).toBe('GENERICCANARY');
  });
});
