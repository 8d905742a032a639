import {
  CreateLogStoreRequest,
  EncryptConf,
  EncryptUserCmkConf,
  GetLogsRequest,
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
  DEMO_PROJECT,
  DEMO_REGION,
  DEMO_SLS_ROLE_ARN,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { failureOf, slsClient } from './sls-client.ts';

describe('GetLogs on BYOK Logstores through the SDK', () => {
  let cloud: LocalCloud;
  let client: ReturnType<typeof slsClient>;

  const createByok = (logstoreName: string, keyId: string) =>
    client.createLogStore(
      DEMO_PROJECT,
      new CreateLogStoreRequest({
        logstoreName,
        ttl: 30,
        shardCount: 2,
        encryptConf: new EncryptConf({
          enable: true,
          encryptType: 'aes_gcm',
          userCmkInfo: new EncryptUserCmkConf({
            cmkKeyId: keyId,
            arn: DEMO_SLS_ROLE_ARN,
            regionId: DEMO_REGION,
          }),
        }),
      }),
    );
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const getLogs = (logstore: string) =>
    client.getLogs(
      DEMO_PROJECT,
      logstore,
      new GetLogsRequest({
        from: nowSeconds() - 900,
        to: nowSeconds(),
        query: '* | select count(*) as n',
      }),
    );

  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0 });
  });
  beforeEach(() => {
    cloud.control.reset();
    client = slsClient(cloud, { signatureVersion: 'v4' });
  });
  afterAll(async () => {
    await cloud.close();
  });

  test('a Logstore whose key is Enabled reads an empty array', async () => {
    const {
      keyIds: [keyId = ''],
    } = cloud.control.seed({ keys: [{ keySpec: 'Aliyun_AES_256' }] });
    await createByok('app-audit', keyId);

    const answer = await getLogs('app-audit');

    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual([]);
  });

  test('a Logstore whose key is Disabled fails with 403 KMSKeyNotEnabled', async () => {
    const {
      keyIds: [keyId = ''],
    } = cloud.control.seed({
      keys: [{ keySpec: 'Aliyun_AES_256', state: 'Disabled' }],
    });
    await createByok('app-audit', keyId);

    const failure = await failureOf(getLogs('app-audit'));

    expect([failure.code, failure.statusCode]).toEqual([
      'KMSKeyNotEnabled',
      403,
    ]);
  });

  test('a Logstore whose key does not exist fails the same way', async () => {
    await createByok('app-audit', 'key-never-made');

    const failure = await failureOf(getLogs('app-audit'));

    expect(failure.code).toBe('KMSKeyNotEnabled');
  });

  test('the failure answer can be changed through the control API', async () => {
    const configured = await fetch(
      `${cloud.url}/_control/sls/byok-read-failure`,
      {
        method: 'POST',
        body: JSON.stringify({
          status: 401,
          code: 'Unauthorized',
          message: 'denied by sts or ram',
        }),
      },
    );
    await createByok('app-audit', 'key-never-made');

    const failure = await failureOf(getLogs('app-audit'));

    expect(configured.status).toBe(200);
    expect([failure.code, failure.statusCode]).toEqual(['Unauthorized', 401]);
    expect(failure.message).toContain('denied by sts or ram');
  });
});
