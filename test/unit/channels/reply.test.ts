import { describe, expect, it } from 'vitest';
import { judgeReply, parseRetryAfter } from '../../../shared/channels/reply.ts';
import type { ChannelType } from '../../../shared/channels/types.ts';

const NOW = 1_735_689_600_000;
const reply = (
  status: number,
  text: string,
  retryAfter: string | null = null,
) => ({
  status,
  text,
  retryAfter,
});
const judge = (
  type: ChannelType,
  status: number,
  text: string,
  retryAfter?: string,
) => judgeReply(type, reply(status, text, retryAfter ?? null), NOW);

describe('judging what a channel answered (K8)', () => {
  it.each([
    ['dingtalk', 200, '{"errcode":0,"errmsg":"ok"}'],
    ['feishu', 200, '{"code":0,"msg":"success","data":{}}'],
    ['feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}'],
    ['wecom', 200, '{"errcode":0,"errmsg":"ok"}'],
    ['slack', 200, 'ok'],
    ['generic', 204, ''],
    ['generic', 202, 'queued'],
  ] as const)('counts %s %i %s as delivered', (type, status, text) => {
    expect(judge(type, status, text)).toEqual({ kind: 'delivered' });
  });

  it.each([
    [
      'dingtalk',
      200,
      '{"errcode":130101,"errmsg":"send too fast"}',
      'errcode_130101',
    ],
    ['feishu', 200, '{"code":9499,"msg":"too many request"}', 'code_9499'],
    ['feishu', 200, '{"code":11232,"msg":"frequency limited"}', 'code_11232'],
    [
      'wecom',
      200,
      '{"errcode":45009,"errmsg":"api freq out of limit"}',
      'errcode_45009',
    ],
    ['slack', 429, 'rate_limited', 'http_429_rate_limited'],
    ['generic', 503, 'Service Unavailable', 'http_503'],
    ['dingtalk', 502, '<html>Bad Gateway</html>', 'http_502'],
  ] as const)('retries %s %i %s', (type, status, text, code) => {
    expect(judge(type, status, text)).toMatchObject({ kind: 'retry', code });
  });

  it.each([
    [
      'dingtalk',
      200,
      '{"errcode":310000,"errmsg":"sign not match"}',
      'errcode_310000',
    ],
    ['feishu', 200, '{"code":19021,"msg":"sign match fail"}', 'code_19021'],
    ['feishu', 200, '{"code":19024,"msg":"Key Words Not Found"}', 'code_19024'],
    [
      'wecom',
      200,
      '{"errcode":93000,"errmsg":"invalid webhook url"}',
      'errcode_93000',
    ],
    ['slack', 403, 'invalid_token', 'http_403_invalid_token'],
    ['slack', 404, 'no_service', 'http_404_no_service'],
    ['generic', 401, '{"error":"invalid_signature"}', 'http_401'],
    ['generic', 403, '', 'http_403'],
  ] as const)(
    'reports %s %i %s as misconfigured, without retrying',
    (type, status, text, code) => {
      expect(judge(type, status, text)).toEqual({
        kind: 'misconfigured',
        code,
      });
    },
  );

  it.each([
    [
      'dingtalk',
      200,
      '{"errcode":460101,"errmsg":"message too long"}',
      'errcode_460101',
    ],
    [
      'wecom',
      200,
      '{"errcode":40058,"errmsg":"exceed max length"}',
      'errcode_40058',
    ],
    ['feishu', 400, '{"code":9499,"msg":"Bad Request"}', 'code_9499'],
    ['slack', 400, 'no_text', 'http_400_no_text'],
    ['dingtalk', 200, 'not json at all', 'reply_unreadable'],
    ['generic', 404, 'gone', 'http_404_gone'],
  ] as const)('fails %s %i %s without retrying', (type, status, text, code) => {
    expect(judge(type, status, text)).toEqual({ kind: 'failed', code });
  });

  it('never puts free text that is not a short code into the error code', () => {
    const verdict = judge(
      'slack',
      400,
      'https://hooks.slack.com/services/T/B/X',
    );

    expect(verdict).toEqual({ kind: 'failed', code: 'http_400' });
  });

  it('carries Retry-After in seconds to the retry', () => {
    expect(judge('slack', 429, 'rate_limited', '2')).toEqual({
      kind: 'retry',
      code: 'http_429_rate_limited',
      retryAfterMs: 2000,
    });
  });
});

describe('reading Retry-After', () => {
  it('reads seconds, HTTP dates, and ignores nonsense', () => {
    expect(parseRetryAfter('1', NOW)).toBe(1000);
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});
