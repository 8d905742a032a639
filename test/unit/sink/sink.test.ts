import { describe, expect, it } from 'vitest';
import { SINK_FAILURES } from '../../../emulator/sink/service.ts';
import { answer, post, sinkAt } from './sink-support.ts';

// Test vectors computed with openssl, independent of both the sink and
// the product's signer (cases K6 and K7).
const DT_SECRET = `SECdemo${'0'.repeat(58)}`;
const DT_TS = '1735689600001';
const DT_SIGN = '2bOnQQDCYvnv40061pRyZrJ+9a6Pe93sWUDACzGRzMs=';
const DT_PATH = '/_sink/dingtalk/robot/send';
const markdown = (text: string) => ({
  msgtype: 'markdown',
  markdown: { title: 't', text },
});
const FEISHU_PATH = '/_sink/feishu/open-apis/bot/v2/hook/T';
const card = { msg_type: 'text', content: { text: 'keyguard alert' } };

describe('the DingTalk robot', () => {
  it('accepts a correctly signed message and records it as valid', async () => {
    const { sink } = sinkAt(Number(DT_TS) + 5_000);
    sink.configureRobot('dingtalk', 'T', { secret: DT_SECRET });

    const response = await sink.handle(
      post(DT_PATH, markdown('hi'), {
        query: { access_token: 'T', timestamp: DT_TS, sign: DT_SIGN },
      }),
    );

    expect(answer(response)).toEqual({
      status: 200,
      body: '{"errcode":0,"errmsg":"ok"}',
    });
    expect(sink.messages()).toMatchObject([
      { channel: 'dingtalk', token: 'T', signatureValid: true, accepted: true },
    ]);
  });

  it.each([
    ['a wrong signature', { sign: 'AAAA' }, 'sign not match'],
    [
      'a double-encoded signature',
      { sign: encodeURIComponent(DT_SIGN) },
      'sign not match',
    ],
    [
      'a raw + read back as a space',
      { sign: DT_SIGN.replace('+', ' ') },
      'sign not match',
    ],
    ['no signature', { sign: undefined }, 'sign not match'],
    [
      'a timestamp over an hour old',
      { timestamp: String(Number(DT_TS) - 3_600_001) },
      'invalid timestamp',
    ],
  ])('answers HTTP 200 errcode 310000 to %s', async (_, change, errmsg) => {
    const { sink } = sinkAt(Number(DT_TS));
    sink.configureRobot('dingtalk', 'T', { secret: DT_SECRET });
    const query = Object.fromEntries(
      Object.entries({
        access_token: 'T',
        timestamp: DT_TS,
        sign: DT_SIGN,
        ...change,
      }).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;

    const response = await sink.handle(
      post(DT_PATH, markdown('hi'), { query }),
    );

    expect(answer(response)).toEqual({
      status: 200,
      body: JSON.stringify({ errcode: 310000, errmsg }),
    });
    expect(sink.messages()[0]).toMatchObject({
      signatureValid: false,
      accepted: false,
    });
  });

  it('refuses a message without the keyword, and one over 20,000 bytes', async () => {
    const { sink } = sinkAt(0);
    sink.configureRobot('dingtalk', 'T', { keyword: 'keyguard' });

    const missing = await sink.handle(
      post(DT_PATH, markdown('hello'), { query: { access_token: 'T' } }),
    );
    const large = await sink.handle(
      post(DT_PATH, markdown(`keyguard ${'x'.repeat(20_000)}`), {
        query: { access_token: 'T' },
      }),
    );

    expect(JSON.parse(answer(missing).body)).toEqual({
      errcode: 310000,
      errmsg: 'keywords not in content',
    });
    expect(JSON.parse(answer(large).body)).toMatchObject({ errcode: 460101 });
  });
});

describe('the Feishu bot', () => {
  it('accepts the K7 signature from the body and refuses a stale one', async () => {
    const { sink, clock } = sinkAt(1_735_689_600_000 + 60_000);
    sink.configureRobot('feishu', 'T', { secret: 'demoFeishuSecret123' });
    const signed = {
      ...card,
      timestamp: '1735689600',
      sign: 'PLUlJYB/DKPmVp+s+tvGGUHqfBBr7kv4LrbZTV1a9RE=',
    };

    const fresh = await sink.handle(post(FEISHU_PATH, signed));
    clock.advance(3_600_000);
    const stale = await sink.handle(post(FEISHU_PATH, signed));

    expect(JSON.parse(answer(fresh).body)).toMatchObject({
      code: 0,
      msg: 'success',
    });
    expect(JSON.parse(answer(stale).body)).toMatchObject({ code: 19021 });
    expect(sink.messages().map((m) => m.signatureValid)).toEqual([true, false]);
  });

  it('answers 19024 when the keyword is missing', async () => {
    const { sink } = sinkAt(0);
    sink.configureRobot('feishu', 'T', { keyword: 'kms' });

    const response = await sink.handle(post(FEISHU_PATH, card));

    expect(JSON.parse(answer(response).body)).toEqual({
      code: 19024,
      msg: 'Key Words Not Found',
      data: {},
    });
  });
});

describe('WeCom, Slack and generic receivers', () => {
  it('refuses WeCom markdown over 4096 UTF-8 bytes with 40058', async () => {
    const { sink } = sinkAt(0);
    const content = '告'.repeat(1366); // 4098 bytes, 1366 characters

    const response = await sink.handle(
      post(
        '/_sink/wecom/cgi-bin/webhook/send',
        { msgtype: 'markdown', markdown: { content } },
        { query: { key: 'K' } },
      ),
    );

    expect(JSON.parse(answer(response).body)).toMatchObject({ errcode: 40058 });
  });

  it('refuses a Slack body without top-level text, and accepts one with it', async () => {
    const { sink } = sinkAt(0);
    const path = '/_sink/slack/services/T1/B2/X3';

    const blocksOnly = await sink.handle(post(path, { blocks: [] }));
    const withText = await sink.handle(
      post(path, { text: 'keyguard: 1 critical' }),
    );

    expect(answer(blocksOnly)).toEqual({ status: 400, body: 'no_text' });
    expect(answer(withText)).toEqual({ status: 200, body: 'ok' });
    expect(sink.messages({ token: 'T1/B2/X3' })).toHaveLength(2);
  });

  it('checks Standard Webhooks signatures when the receiver has a secret', async () => {
    const { sink } = sinkAt(1_735_689_600_000);
    sink.configureRobot('generic', 'hook', { secret: 'plain-shared-secret' });

    const unsigned = await sink.handle(
      post('/_sink/generic/hook', { version: '1' }),
    );

    expect(answer(unsigned).status).toBe(401);
    expect(sink.messages()[0]?.signatureValid).toBe(false);
  });

  it('does not let a secret or keyword be set where the channel has none', () => {
    const { sink } = sinkAt(0);

    expect(() =>
      sink.configureRobot('slack', 'T1/B2/X3', { secret: 's' }),
    ).toThrow();
    expect(() => sink.configureRobot('wecom', 'K', { keyword: 'k' })).toThrow();
  });
});

describe('faults in each channel shape', () => {
  it('throttles the way each channel does', () => {
    const { sink } = sinkAt(0);
    const throttled = (path: string) => sink.throttleResponse(post(path, {}));

    expect(JSON.parse(String(throttled(DT_PATH).body))).toMatchObject({
      errcode: 130101,
    });
    expect(JSON.parse(String(throttled(FEISHU_PATH).body))).toMatchObject({
      code: 9499,
    });
    expect(
      JSON.parse(String(throttled('/_sink/wecom/cgi-bin/webhook/send').body)),
    ).toMatchObject({ errcode: 45009 });
    expect(throttled('/_sink/slack/services/a/b/c')).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
    });
    expect(throttled('/_sink/generic/x')).toMatchObject({
      status: 429,
      headers: { 'retry-after': '1' },
    });
    expect(
      sink.serverErrorResponse(post(DT_PATH, {})).status,
    ).toBeGreaterThanOrEqual(500);
  });

  it('names the channel as the operation, and offers ready replies', () => {
    const { sink } = sinkAt(0);

    expect(sink.operationOf(post(FEISHU_PATH, {}))).toBe('feishu');
    expect(SINK_FAILURES.dingtalk.securityCheck).toMatchObject({
      kind: 'reply',
      status: 200,
    });
    expect(JSON.parse(SINK_FAILURES.feishu.signMismatch.body)).toMatchObject({
      code: 19021,
    });
  });

  it('forgets robots and messages on reset', async () => {
    const { sink } = sinkAt(0);
    sink.configureRobot('dingtalk', 'T', { keyword: 'x' });
    await sink.handle(
      post(DT_PATH, markdown('y'), { query: { access_token: 'T' } }),
    );

    sink.reset();
    const after = await sink.handle(
      post(DT_PATH, markdown('y'), { query: { access_token: 'T' } }),
    );

    expect(JSON.parse(answer(after).body)).toMatchObject({ errcode: 0 });
    expect(sink.messages()).toHaveLength(1);
  });
});
