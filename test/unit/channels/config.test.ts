import { afterEach, describe, expect, it } from 'vitest';
import { parseChannels } from '../../../shared/channels/config.ts';
import { isKeyguardError } from '../../../shared/errors.ts';
import { clearSecrets, scrub } from '../../../shared/secrets.ts';

const DINGTALK_URL =
  'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456';

const problemsOf = (env: Record<string, string>): string => {
  try {
    parseChannels(env);
  } catch (error) {
    if (isKeyguardError(error)) {
      expect(error.code).toBe('invalid_config');
      return error.message;
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
};

afterEach(() => clearSecrets());

describe('reading KEYGUARD_CHANNELS', () => {
  it('reads URLs and secrets from the variables the entries name', () => {
    const channels = parseChannels({
      KEYGUARD_CHANNELS: JSON.stringify([
        {
          name: 'ops',
          type: 'dingtalk',
          urlEnv: 'DT_URL',
          secretEnv: 'DT_SECRET',
          keyword: 'kg',
        },
        {
          name: 'sec',
          type: 'slack',
          url: 'https://hooks.slack.com/services/T1/B2/X3',
          minSeverity: 'critical',
        },
      ]),
      DT_URL: DINGTALK_URL,
      DT_SECRET: 'SECsecretsecret',
    });

    expect(channels).toEqual([
      {
        name: 'ops',
        type: 'dingtalk',
        url: DINGTALK_URL,
        secret: 'SECsecretsecret',
        minSeverity: 'warning',
        keyword: 'kg',
      },
      {
        name: 'sec',
        type: 'slack',
        url: 'https://hooks.slack.com/services/T1/B2/X3',
        minSeverity: 'critical',
      },
    ]);
  });

  it('means no channels when the variable is unset or empty', () => {
    expect(parseChannels({})).toEqual([]);
    expect(parseChannels({ KEYGUARD_CHANNELS: '  ' })).toEqual([]);
  });

  it('registers URLs, tokens and secrets so logs never show them', () => {
    parseChannels({
      KEYGUARD_CHANNELS: JSON.stringify([
        {
          name: 'ops',
          type: 'dingtalk',
          urlEnv: 'DT_URL',
          secretEnv: 'DT_SECRET',
        },
        {
          name: 'lark',
          type: 'feishu',
          url: 'https://open.feishu.cn/open-apis/bot/v2/hook/feishu-token-42',
        },
      ]),
      DT_URL: DINGTALK_URL,
      DT_SECRET: 'SECsecretsecret',
    });

    const line = scrub(
      'token abcdef123456 secret SECsecretsecret hook feishu-token-42',
    );
    expect(line).not.toContain('abcdef123456');
    expect(line).not.toContain('SECsecretsecret');
    expect(line).not.toContain('feishu-token-42');
  });

  it.each([
    ['not json', 'KEYGUARD_CHANNELS: must be a JSON array'],
    [JSON.stringify({ name: 'x' }), 'KEYGUARD_CHANNELS:'],
    [
      JSON.stringify([{ name: 'x', type: 'teams', url: 'https://a.example' }]),
      'KEYGUARD_CHANNELS[0].type',
    ],
    [
      JSON.stringify([{ name: 'x', type: 'slack' }]),
      'KEYGUARD_CHANNELS[0].url: give exactly one of url and urlEnv',
    ],
    [
      JSON.stringify([{ name: 'x', type: 'slack', url: 'ftp://a.example' }]),
      'KEYGUARD_CHANNELS[0].url: must hold an http(s) URL',
    ],
    [
      JSON.stringify([{ name: 'x', type: 'slack', urlEnv: 'NOPE' }]),
      'KEYGUARD_CHANNELS[0].urlEnv: variable NOPE is not set',
    ],
    [
      JSON.stringify([
        { name: 'x', type: 'wecom', url: 'https://a.example', secretEnv: 'S' },
      ]),
      'KEYGUARD_CHANNELS[0].secretEnv',
    ],
    [
      JSON.stringify([
        { name: 'x', type: 'slack', url: 'https://a.example', keyword: 'k' },
      ]),
      'KEYGUARD_CHANNELS[0].keyword',
    ],
    [
      JSON.stringify([
        {
          name: 'x',
          type: 'slack',
          url: 'https://a.example',
          minSeverity: 'info',
        },
      ]),
      'KEYGUARD_CHANNELS[0].minSeverity',
    ],
    [
      JSON.stringify([
        { name: 'x', type: 'slack', url: 'https://a.example', colour: 'red' },
      ]),
      'KEYGUARD_CHANNELS[0]',
    ],
    [
      JSON.stringify([
        {
          name: 'x',
          type: 'dingtalk',
          url: DINGTALK_URL,
          secretEnv: 'MISSING',
        },
      ]),
      'KEYGUARD_CHANNELS[0].secretEnv: variable MISSING is not set',
    ],
    [
      JSON.stringify([
        { name: 'x', type: 'slack', url: 'https://a.example' },
        { name: 'x', type: 'slack', url: 'https://b.example' },
      ]),
      'KEYGUARD_CHANNELS[1].name: "x" is used twice',
    ],
  ])('refuses %s, naming the field', (value, expected) => {
    expect(problemsOf({ KEYGUARD_CHANNELS: value })).toContain(expected);
  });

  it('never quotes a URL in its error', () => {
    const message = problemsOf({
      KEYGUARD_CHANNELS: JSON.stringify([
        { name: 'x', type: 'dingtalk', url: 'notaurl-abcdef123456' },
      ]),
    });

    expect(message).not.toContain('abcdef123456');
  });
});
