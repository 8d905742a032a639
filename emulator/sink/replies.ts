import type { ChannelType } from '../../shared/channels/types.ts';
import type { EmulatorResponse } from '../types.ts';

/**
 * What each channel answers, as the real services do (platform-facts §7):
 * the chat robots answer HTTP 200 with an error code in the body; Slack
 * and generic receivers use the HTTP status. Messages are the vendors'
 * wording as seen in the field; clients must judge by code, never text.
 */
export interface SinkReply {
  readonly kind: 'reply';
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const TEXT_TYPE = { 'content-type': 'text/plain; charset=utf-8' };

const json = (status: number, body: unknown): SinkReply => ({
  kind: 'reply',
  status,
  body: JSON.stringify(body),
  headers: JSON_TYPE,
});

const text = (
  status: number,
  body: string,
  headers: Record<string, string> = {},
): SinkReply => ({
  kind: 'reply',
  status,
  body,
  headers: { ...TEXT_TYPE, ...headers },
});

const ding = (errcode: number, errmsg: string) =>
  json(200, { errcode, errmsg });
const lark = (code: number, msg: string, status = 200) =>
  json(status, { code, msg, data: {} });

/** Ready-made answers, usable as `{ kind: 'reply' }` fault actions. */
export const SINK_FAILURES = {
  dingtalk: {
    ok: ding(0, 'ok'),
    tooFast: ding(130101, 'send too fast, exceed 20 times per minute'),
    securityCheck: ding(310000, 'sign not match'),
    invalidTimestamp: ding(310000, 'invalid timestamp'),
    keywordMissing: ding(310000, 'keywords not in content'),
    tooLong: ding(460101, 'message too long, exceed 20000 bytes'),
    tokenUnknown: ding(300005, 'token is not exist'),
    missingParameter: ding(40035, 'missing parameter: msgtype'),
  },
  feishu: {
    ok: json(200, {
      StatusCode: 0,
      StatusMessage: 'success',
      code: 0,
      data: {},
      msg: 'success',
    }),
    tooManyRequests: lark(9499, 'too many request'),
    frequencyLimited: lark(11232, 'frequency limited'),
    signMismatch: lark(
      19021,
      'sign match fail or timestamp is not within one hour from current time',
    ),
    keywordMissing: lark(19024, 'Key Words Not Found'),
    tokenInvalid: lark(
      19001,
      'param invalid: incoming webhook access token invalid',
    ),
    msgTypeMissing: lark(19002, 'param invalid: msg_type'),
    badRequest: lark(9499, 'Bad Request', 400),
  },
  wecom: {
    ok: ding(0, 'ok'),
    freqOutOfLimit: ding(45009, 'api freq out of limit'),
    tooLong: ding(
      40058,
      'markdown.content exceed max length 4096. invalid Request Parameter',
    ),
    invalidKey: ding(93000, 'invalid webhook url'),
    invalidMsgType: ding(40008, 'invalid message type'),
  },
  slack: {
    ok: text(200, 'ok'),
    rateLimited: text(429, 'rate_limited', { 'retry-after': '1' }),
    noText: text(400, 'no_text'),
    invalidPayload: text(400, 'invalid_payload'),
    invalidToken: text(403, 'invalid_token'),
    noService: text(404, 'no_service'),
    channelArchived: text(410, 'channel_is_archived'),
  },
  generic: {
    ok: { kind: 'reply', status: 204, body: '' },
    throttled: json(429, { error: 'rate_limited' }),
    unauthorized: json(401, { error: 'invalid_signature' }),
    badRequest: json(400, { error: 'invalid_json' }),
  },
} as const satisfies Record<ChannelType, Record<string, SinkReply>>;

export const THROTTLE_REPLIES: Readonly<Record<ChannelType, SinkReply>> = {
  dingtalk: SINK_FAILURES.dingtalk.tooFast,
  feishu: SINK_FAILURES.feishu.tooManyRequests,
  wecom: SINK_FAILURES.wecom.freqOutOfLimit,
  slack: SINK_FAILURES.slack.rateLimited,
  generic: {
    ...SINK_FAILURES.generic.throttled,
    headers: { ...JSON_TYPE, 'retry-after': '1' },
  },
};

export const toResponse = (reply: SinkReply): EmulatorResponse => ({
  status: reply.status,
  body: reply.body,
  ...(reply.headers === undefined ? {} : { headers: reply.headers }),
});

/** An error in the channel's own shape, for injected `error` faults. */
export const channelError = (
  channel: ChannelType | undefined,
  status: number,
  code: string,
  message: string,
): EmulatorResponse => {
  const numeric = Number(code);
  const value = Number.isInteger(numeric) ? numeric : code;
  const body = (() => {
    switch (channel) {
      case 'dingtalk':
      case 'wecom':
        return json(status, { errcode: value, errmsg: message });
      case 'feishu':
        return json(status, { code: value, msg: message, data: {} });
      case 'slack':
        return text(status, code);
      default:
        return json(status, { error: code, message });
    }
  })();
  return { ...toResponse(body), errorCode: code };
};
