import {
  DEMO_KEY_AES,
  DEMO_PROJECT,
  DEMO_REGION,
  DEMO_SLS_ROLE_ARN,
  demoByok,
} from '../emulator/demo.ts';
import type { LocalCloud } from '../emulator/local-cloud.ts';

/**
 * Key-health's state on the local stack, emptied at each start. One per
 * local cloud port: a second `npm start` on another port must not wipe
 * the memory of the stack that is still running.
 */
export const localStateDir = (cloudPort: number): string =>
  `.keyguard/local-stack-${cloudPort}`;

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Robot tokens and signing secrets of the demo channels; local only. */
export const DEMO_ROBOTS = {
  dingtalk: {
    token: 'c0ffee0dingtalk0token',
    secret: `SECdemo${'0'.repeat(58)}`,
  },
  feishu: { token: 'c0ffee0feishu0token', secret: 'demoFeishuSecret123' },
  wecom: { token: 'c0ffee0wecom0key' },
  slack: { token: 'T0DEMO/B0DEMO/c0ffee0slack0token' },
  generic: {
    token: 'keyguard',
    secret: `whsec_${base64('keyguard-demo-generic-secret')}`,
  },
} as const;

const sinkUrls = (cloud: LocalCloud) => {
  const sink = `${cloud.url}/_sink`;
  const { dingtalk, feishu, wecom, slack, generic } = DEMO_ROBOTS;

  return {
    dingtalk: `${sink}/dingtalk/robot/send?access_token=${dingtalk.token}`,
    feishu: `${sink}/feishu/open-apis/bot/v2/hook/${feishu.token}`,
    wecom: `${sink}/wecom/cgi-bin/webhook/send?key=${wecom.token}`,
    slack: `${sink}/slack/services/${slack.token}`,
    generic: `${sink}/generic/${generic.token}`,
  };
};

/**
 * The environment both functions get on the local stack: local mode on
 * this cloud's port, a policy that allows the demo role, and one channel
 * of each type pointing at the webhook sink.
 */
export const localStackEnv = (cloud: LocalCloud): Record<string, string> => {
  const urls = sinkUrls(cloud);
  return {
    KEYGUARD_MODE: 'local',
    KEYGUARD_LOCAL_PORT: String(cloud.port),
    KEYGUARD_REGION: DEMO_REGION,
    KEYGUARD_STATE_DIR: localStateDir(cloud.port),
    PROVISION_ALLOWED_ROLE_ARNS: DEMO_SLS_ROLE_ARN,
    PROVISION_ALLOW_SERVICE_KEY: 'true',
    KEYGUARD_DEMO_DINGTALK_SECRET: DEMO_ROBOTS.dingtalk.secret,
    KEYGUARD_DEMO_FEISHU_SECRET: DEMO_ROBOTS.feishu.secret,
    KEYGUARD_DEMO_GENERIC_SECRET: DEMO_ROBOTS.generic.secret,
    KEYGUARD_CHANNELS: JSON.stringify([
      {
        name: 'demo-dingtalk',
        type: 'dingtalk',
        url: urls.dingtalk,
        secretEnv: 'KEYGUARD_DEMO_DINGTALK_SECRET',
      },
      {
        name: 'demo-feishu',
        type: 'feishu',
        url: urls.feishu,
        secretEnv: 'KEYGUARD_DEMO_FEISHU_SECRET',
      },
      { name: 'demo-wecom', type: 'wecom', url: urls.wecom },
      { name: 'demo-slack', type: 'slack', url: urls.slack },
      {
        name: 'demo-generic',
        type: 'generic',
        url: urls.generic,
        secretEnv: 'KEYGUARD_DEMO_GENERIC_SECRET',
      },
    ]),
  };
};

/** Logstores for key-health to watch, and robots that check signatures. */
export const seedDemoLogstores = (cloud: LocalCloud): void => {
  cloud.control.seed({
    logstores: [
      {
        project: DEMO_PROJECT,
        logstoreName: 'payments-audit',
        ttl: 180,
        shardCount: 2,
        encrypt_conf: demoByok(DEMO_KEY_AES, 'aes_gcm'),
      },
      {
        project: DEMO_PROJECT,
        logstoreName: 'gov-audit',
        ttl: 365,
        shardCount: 2,
        encrypt_conf: demoByok(),
      },
    ],
  });
  cloud.sink.configureRobot('dingtalk', DEMO_ROBOTS.dingtalk.token, {
    secret: DEMO_ROBOTS.dingtalk.secret,
  });
  cloud.sink.configureRobot('feishu', DEMO_ROBOTS.feishu.token, {
    secret: DEMO_ROBOTS.feishu.secret,
  });
  cloud.sink.configureRobot('generic', DEMO_ROBOTS.generic.token, {
    secret: DEMO_ROBOTS.generic.secret,
  });
};
