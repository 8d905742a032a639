import {
  CreateLogStoreRequest,
  EncryptConf,
  EncryptUserCmkConf,
  ListLogStoresRequest,
  UpdateLogStoreEncryptionRequest,
  UpdateLogStoreEncryptionRequestUserCmkInfo,
  UpdateLogStoreRequest,
} from '@alicloud/sls20201230';
import pLimit from 'p-limit';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  test,
} from 'vitest';
import {
  DEMO_ACCOUNT_ID,
  DEMO_KEY_SM4,
  DEMO_PROJECT,
  DEMO_REGION,
  DEMO_SLS_ROLE_ARN,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { failureOf, slsClient } from './sls-client.ts';

const byokConf = () =>
  new EncryptConf({
    enable: true,
    encryptType: 'sm4_gcm',
    userCmkInfo: new EncryptUserCmkConf({
      cmkKeyId: DEMO_KEY_SM4,
      arn: DEMO_SLS_ROLE_ARN,
      regionId: DEMO_REGION,
    }),
  });

const createRequest = (name: string, extra: object = {}) =>
  new CreateLogStoreRequest({
    logstoreName: name,
    ttl: 30,
    shardCount: 2,
    ...extra,
  });

describe('SLS Logstores through the SDK', () => {
  let cloud: LocalCloud;
  let client: ReturnType<typeof slsClient>;

  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0 });
  });
  beforeEach(() => {
    cloud.control.reset();
    client = slsClient(cloud);
  });
  afterAll(async () => {
    await cloud.close();
  });

  test('GetLogStore reads back the customer key CreateLogStore sent', async () => {
    await client.createLogStore(
      DEMO_PROJECT,
      createRequest('app-audit', { encryptConf: byokConf() }),
    );

    const read = await client.getLogStore(DEMO_PROJECT, 'app-audit');

    expect(read.body).toMatchObject({
      logstoreName: 'app-audit',
      ttl: 30,
      shardCount: 2,
      encryptConf: {
        enable: true,
        encryptType: 'sm4_gcm',
        userCmkInfo: {
          cmkKeyId: DEMO_KEY_SM4,
          arn: DEMO_SLS_ROLE_ARN,
          regionId: DEMO_REGION,
        },
      },
    });
  });

  test('a second CreateLogStore is 400 LogStoreAlreadyExist', async () => {
    await client.createLogStore(DEMO_PROJECT, createRequest('app-audit'));

    const failure = await failureOf(
      client.createLogStore(DEMO_PROJECT, createRequest('app-audit')),
    );

    expect([failure.code, failure.statusCode]).toEqual([
      'LogStoreAlreadyExist',
      400,
    ]);
  });

  test('a ttl out of range is LogStoreInfoInvalid naming ttl', async () => {
    const failure = await failureOf(
      client.createLogStore(
        DEMO_PROJECT,
        createRequest('app-audit', { ttl: 3651 }),
      ),
    );

    expect([failure.code, failure.statusCode]).toEqual([
      'LogStoreInfoInvalid',
      400,
    ]);
    expect(failure.message).toContain('ttl');
  });

  test('the 201st Logstore at the default quota is ProjectQuotaExceed', async () => {
    cloud.control.seed({
      logstores: Array.from({ length: 200 }, (_, i) => ({
        project: DEMO_PROJECT,
        logstoreName: `store-${i}`,
      })),
    });

    const failure = await failureOf(
      client.createLogStore(DEMO_PROJECT, createRequest('store-200')),
    );

    expect([failure.code, failure.statusCode]).toEqual([
      'ProjectQuotaExceed',
      400,
    ]);
  });

  test('620 Logstores under a raised quota list in pages of 500 and 120', async () => {
    cloud.control.seed({
      accounts: [
        { accountId: DEMO_ACCOUNT_ID, quotas: { logstoresPerProject: 700 } },
      ],
    });
    const limit = pLimit(8);
    await Promise.all(
      Array.from({ length: 620 }, (_, i) =>
        limit(() =>
          client.createLogStore(
            DEMO_PROJECT,
            createRequest(`store-${String(i).padStart(3, '0')}`),
          ),
        ),
      ),
    );

    const page = (offset: number) =>
      client.listLogStores(
        DEMO_PROJECT,
        new ListLogStoresRequest({ offset, size: 500 }),
      );
    const first = await page(0);
    const second = await page(500);

    expect([first.body?.count, first.body?.total]).toEqual([500, 620]);
    expect([second.body?.count, second.body?.total]).toEqual([120, 620]);
    const names = new Set([
      ...(first.body?.logstores ?? []),
      ...(second.body?.logstores ?? []),
    ]);
    expect(names.size).toBe(620);
  }, 30_000);

  test('ListLogStores filters names by substring', async () => {
    for (const name of ['app-audit', 'app-access', 'billing']) {
      await client.createLogStore(DEMO_PROJECT, createRequest(name));
    }

    const listed = await client.listLogStores(
      DEMO_PROJECT,
      new ListLogStoresRequest({ logstoreName: 'app' }),
    );

    expect(listed.body?.logstores).toEqual(['app-access', 'app-audit']);
  });

  test('UpdateLogStore replaces the fields but keeps shardCount', async () => {
    await client.createLogStore(
      DEMO_PROJECT,
      createRequest('app-audit', { shardCount: 4, hotTtl: 7 }),
    );

    await client.updateLogStore(
      DEMO_PROJECT,
      'app-audit',
      new UpdateLogStoreRequest({
        logstoreName: 'app-audit',
        ttl: 60,
        shardCount: 8,
      }),
    );
    const read = await client.getLogStore(DEMO_PROJECT, 'app-audit');

    expect(read.body).toMatchObject({ ttl: 60, shardCount: 4 });
    expect(read.body?.hotTtl).toBeUndefined();
  });

  test('encryption is added once, then only enable changes', async () => {
    await client.createLogStore(DEMO_PROJECT, createRequest('app-audit'));
    const encryption = (enable: boolean, keyId: string) =>
      new UpdateLogStoreEncryptionRequest({
        enable,
        encryptType: 'sm4_gcm',
        userCmkInfo: new UpdateLogStoreEncryptionRequestUserCmkInfo({
          keyId,
          roleArn: DEMO_SLS_ROLE_ARN,
          regionId: DEMO_REGION,
        }),
      });

    await client.updateLogStoreEncryption(
      DEMO_PROJECT,
      'app-audit',
      encryption(true, DEMO_KEY_SM4),
    );
    await client.updateLogStoreEncryption(
      DEMO_PROJECT,
      'app-audit',
      encryption(false, DEMO_KEY_SM4),
    );
    const failure = await failureOf(
      client.updateLogStoreEncryption(
        DEMO_PROJECT,
        'app-audit',
        encryption(true, 'key-other'),
      ),
    );
    const read = await client.getLogStore(DEMO_PROJECT, 'app-audit');

    expect([failure.code, failure.statusCode]).toEqual([
      'LogStoreInfoInvalid',
      400,
    ]);
    expect(failure.message).toContain('cmk_key_id');
    expect(read.body?.encryptConf).toMatchObject({
      enable: false,
      encryptType: 'sm4_gcm',
      userCmkInfo: { cmkKeyId: DEMO_KEY_SM4 },
    });
  });

  test('an unknown encryptType is LogStoreInfoInvalid, as in UpdateLogStore', async () => {
    await client.createLogStore(DEMO_PROJECT, createRequest('app-audit'));

    const failure = await failureOf(
      client.updateLogStoreEncryption(
        DEMO_PROJECT,
        'app-audit',
        new UpdateLogStoreEncryptionRequest({
          enable: true,
          encryptType: 'rot13',
        }),
      ),
    );

    expect([failure.code, failure.statusCode]).toEqual([
      'LogStoreInfoInvalid',
      400,
    ]);
    expect(failure.message).toContain('encryptType');
  });

  test('DeleteLogStore removes it, then GetLogStore is 404 LogStoreNotExist', async () => {
    await client.createLogStore(DEMO_PROJECT, createRequest('app-audit'));

    await client.deleteLogStore(DEMO_PROJECT, 'app-audit');
    const failure = await failureOf(
      client.getLogStore(DEMO_PROJECT, 'app-audit'),
    );

    expect([failure.code, failure.statusCode]).toEqual([
      'LogStoreNotExist',
      404,
    ]);
  });
});
