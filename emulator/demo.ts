/**
 * The demo account that `npm start` and `npm run emulator` seed. The ids
 * match ../shared/cases.md so the README's examples read like the cases.
 * These credentials only open the local cloud.
 */
export const DEMO_ACCOUNT_ID = '1111222233334444';
export const DEMO_REGION = 'cn-hangzhou';
export const DEMO_ACCESS_KEY = {
  accessKeyId: 'LTAI5tLocalDemoKey0001',
  accessKeySecret: 'local-demo-secret-not-for-cloud-use',
} as const;
export const DEMO_PROJECT = 'demo-proj';
export const DEMO_SLS_ROLE_ARN = [
  'acs:ram:',
  DEMO_ACCOUNT_ID,
  'role/sls-byok-demo',
].join(':');
/** An Enabled SM4 key; cases.md's P1 key. */
export const DEMO_KEY_SM4 = 'key-demo0001';
/** An Enabled AES-256 key. */
export const DEMO_KEY_AES = 'key-demo0002';

/**
 * The start-up seed: the demo account, its project and two Enabled keys.
 * No Logstores, so tests start from an empty project; `npm start` adds a
 * few of its own.
 */
export const demoSeed = () =>
  ({
    accounts: [{ accountId: DEMO_ACCOUNT_ID, accessKeys: [DEMO_ACCESS_KEY] }],
    projects: [{ name: DEMO_PROJECT, region: DEMO_REGION }],
    keys: [
      {
        keyId: DEMO_KEY_SM4,
        keySpec: 'Aliyun_SM4',
        deletionProtection: true,
        description: 'keyguard demo SM4 key',
      },
      {
        keyId: DEMO_KEY_AES,
        keySpec: 'Aliyun_AES_256',
        deletionProtection: true,
        description: 'keyguard demo AES key',
      },
    ],
  }) as const;

/** A BYOK `encrypt_conf` in SLS's wire shape, on a demo key. */
export const demoByok = (
  cmkKeyId: string = DEMO_KEY_SM4,
  encryptType = 'sm4_gcm',
) => ({
  enable: true,
  encrypt_type: encryptType,
  user_cmk_info: {
    cmk_key_id: cmkKeyId,
    arn: DEMO_SLS_ROLE_ARN,
    region_id: DEMO_REGION,
  },
});

/** cases.md's P1 request on the demo project, under another name. */
export const demoRequest = (logstoreName = 'app-audit') => ({
  project: DEMO_PROJECT,
  logstoreName,
  ttl: 30,
  shardCount: 2,
  encrypt_conf: demoByok(),
});
