import {
  CreateLogStoreRequest,
  EncryptConf,
  EncryptUserCmkConf,
} from '@alicloud/sls20201230';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  test,
} from 'vitest';
import {
  DEMO_KEY_SM4,
  DEMO_PROJECT,
  DEMO_REGION,
  DEMO_SLS_ROLE_ARN,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { slsClient } from './sls-client.ts';

/**
 * Platform-facts §2, "the SDK model trap": the SDK's models read camelCase
 * property names only, so a wire-shaped encrypt_conf loses everything but
 * `enable` on its way out, and SLS quietly falls back to its service key.
 */
const wireShaped = {
  enable: true,
  encrypt_type: 'sm4_gcm',
  user_cmk_info: {
    cmk_key_id: DEMO_KEY_SM4,
    arn: DEMO_SLS_ROLE_ARN,
    region_id: DEMO_REGION,
  },
};

describe('the SDK model trap, seen from the emulator', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0 });
  });
  beforeEach(() => {
    cloud.control.reset();
  });
  afterAll(async () => {
    await cloud.close();
  });

  const sentBody = () => {
    const entry = cloud.control
      .requests({ service: 'sls', operation: 'CreateLogStore' })
      .at(-1);
    return JSON.parse(entry?.body ?? '{}') as Record<string, unknown>;
  };

  test('a wire-shaped EncryptConf reaches SLS as {enable: true} alone', async () => {
    const client = slsClient(cloud);
    const request = new CreateLogStoreRequest({
      logstoreName: 'trapped',
      ttl: 30,
      shardCount: 2,
      // The cast is the trap: the wire shape type-checks nowhere, yet a
      // plain-JavaScript caller passes it without complaint.
      encryptConf: new EncryptConf(wireShaped as never),
    });

    await client.createLogStore(DEMO_PROJECT, request);
    const read = await client.getLogStore(DEMO_PROJECT, 'trapped');

    expect(sentBody().encrypt_conf).toEqual({ enable: true });
    expect(read.body?.encryptConf?.userCmkInfo).toBeUndefined();
    expect(read.body?.encryptConf?.encryptType).toBeUndefined();
  });

  test('the camelCase model sends the customer key in wire names', async () => {
    const client = slsClient(cloud);
    const request = new CreateLogStoreRequest({
      logstoreName: 'keyed',
      ttl: 30,
      shardCount: 2,
      encryptConf: new EncryptConf({
        enable: true,
        encryptType: 'sm4_gcm',
        userCmkInfo: new EncryptUserCmkConf({
          cmkKeyId: DEMO_KEY_SM4,
          arn: DEMO_SLS_ROLE_ARN,
          regionId: DEMO_REGION,
        }),
      }),
    });

    await client.createLogStore(DEMO_PROJECT, request);

    expect(sentBody().encrypt_conf).toEqual(wireShaped);
    const stored = cloud.sls
      .snapshot()
      .logstores.find((logstore) => logstore.logstoreName === 'keyed');
    expect(stored?.fields.encrypt_conf).toEqual(wireShaped);
  });
});
