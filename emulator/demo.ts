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
export const DEMO_SLS_ROLE_ARN = `acs:ram::${DEMO_ACCOUNT_ID}:role/sls-byok-demo`;
/** An Enabled AES-256 key. */
export const DEMO_KEY_AES = 'key-demo0001';
/** An Enabled SM4 key. */
export const DEMO_KEY_SM4 = 'key-demo0002';
