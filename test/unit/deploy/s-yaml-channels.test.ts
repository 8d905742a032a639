import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_TYPES } from '../../../shared/channels/types.ts';
import { parseKeyHealthConfig } from '../../../shared/config/key-health.ts';
import { CHANNEL_VARIABLES } from './support/channel-variables.ts';
import {
  checkDeployment,
  resolvedDeployment,
} from './support/deployment-checks.ts';
import { loadSYaml, ROOT } from './support/s-yaml.ts';
import { copy, envOf, props, rulesAt } from './support/s-yaml-copies.ts';

/**
 * Alert channels as a deployment gets them: Serverless Devs passes only
 * the variables s.yaml names, so the URL and secret variables a
 * KEYGUARD_CHANNELS entry points at must be among them, or key-health
 * fails its cold start with "variable ... is not set".
 */
const URLS: Record<string, string> = {
  DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t0k3n',
  DINGTALK_SECRET: 'SECdingtalk-test-secret',
  FEISHU_URL: 'https://open.feishu.cn/open-apis/bot/v2/hook/h00k',
  FEISHU_SECRET: 'feishu-test-secret',
  WECOM_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k3y',
  SLACK_URL: 'https://hooks.slack.com/services/T000/B000/x0x0',
  GENERIC_URL: 'https://receiver.example.com/keyguard',
  GENERIC_SECRET: 'whsec_dGVzdC1zZWNyZXQtZm9yLWtleWd1YXJk',
};

/** The JSON example under "**Channels**" in the README. */
const readmeChannels = (): string => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**Channels**'));
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('no channel example in README');

  return block;
};

/** key-health's configuration as its cold start reads it once deployed. */
const deployedKeyHealth = (shell: Record<string, string>) => {
  const env = resolvedDeployment(loadSYaml(), shell).resources['key-health']
    ?.props.environmentVariables;
  if (env === undefined) throw new Error('no key-health resource');

  // FC sets the region itself.
  return parseKeyHealthConfig({ ...env, FC_REGION: 'cn-hangzhou' });
};

describe('alert channels in s.yaml', () => {
  it("reach key-health configured as the README's example shows", () => {
    // Prepare
    const shell = {
      KEYGUARD_CHANNELS: readmeChannels(),
      DINGTALK_URL: URLS.DINGTALK_URL ?? '',
      DINGTALK_SECRET: URLS.DINGTALK_SECRET ?? '',
      SLACK_URL: URLS.SLACK_URL ?? '',
    };

    // Act
    const config = deployedKeyHealth(shell);

    // Assert
    expect(config.channels).toEqual([
      expect.objectContaining({
        name: 'ops-dingtalk',
        url: URLS.DINGTALK_URL,
        secret: URLS.DINGTALK_SECRET,
      }),
      expect.objectContaining({ name: 'sec-slack', url: URLS.SLACK_URL }),
    ]);
  });

  it.each(CHANNEL_TYPES.map((type) => [type]))(
    'reach key-health for a %s channel named by its documented variables',
    (type) => {
      // Prepare
      const upper = type.toUpperCase();
      const secretEnv = `${upper}_SECRET`;
      const signs = Object.hasOwn(CHANNEL_VARIABLES, secretEnv);
      const shell = {
        KEYGUARD_CHANNELS: JSON.stringify([
          {
            name: `ops-${type}`,
            type,
            urlEnv: `${upper}_URL`,
            ...(signs ? { secretEnv } : {}),
          },
        ]),
        ...URLS,
      };

      // Act
      const config = deployedKeyHealth(shell);

      // Assert
      expect(config.channels).toEqual([
        expect.objectContaining({
          type,
          url: URLS[`${upper}_URL`],
          ...(signs ? { secret: URLS[secretEnv] } : {}),
        }),
      ]);
    },
  );

  it('pass every channel variable, empty unless the shell sets it', () => {
    // Act
    const config = deployedKeyHealth({});
    const env =
      resolvedDeployment(loadSYaml()).resources['key-health']?.props
        .environmentVariables ?? {};

    // Assert
    expect(config.channels).toEqual([]);
    for (const name of Object.keys(CHANNEL_VARIABLES)) {
      expect(env[name], name).toBe('');
    }
  });

  it('refuses an s.yaml that leaves a documented channel variable out', () => {
    // Prepare
    const doc = copy();
    delete props(doc, 'key-health').environmentVariables.DINGTALK_SECRET;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(problems, 'resources.key-health.props.environmentVariables'),
    ).toEqual([
      `must pass DINGTALK_SECRET as ${envOf('DINGTALK_SECRET', '')}: a ` +
        'channel entry may name it, and s.yaml is the only way in',
    ]);
  });
});
