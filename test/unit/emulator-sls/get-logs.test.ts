import { beforeEach, describe, expect, test } from 'vitest';
import {
  DEMO_ACCOUNT_ID,
  DEMO_PROJECT,
  DEMO_REGION,
  DEMO_SLS_ROLE_ARN,
} from '../../../emulator/demo.ts';
import {
  createSlsService,
  type SlsService,
} from '../../../emulator/sls/service.ts';
import { call } from './call.ts';
import { testDeps } from './sdk-request.ts';

const KEY = 'key-demo0001';

describe('GetLogs', () => {
  let sls: SlsService;
  let fixture: ReturnType<typeof testDeps>;

  const getLogs = (
    name: string,
    query = { from: '1700000000', to: '1700000900' },
  ) =>
    call(sls, {
      method: 'GET',
      pathname: `/logstores/${name}?type=log`,
      project: DEMO_PROJECT,
      query: { ...query, query: '*' },
    });

  beforeEach(() => {
    fixture = testDeps();
    sls = createSlsService(fixture.deps);
    sls.seedLogstore({
      accountId: DEMO_ACCOUNT_ID,
      project: DEMO_PROJECT,
      logstoreName: 'plain',
    });
    sls.seedLogstore({
      accountId: DEMO_ACCOUNT_ID,
      project: DEMO_PROJECT,
      logstoreName: 'byok',
      encrypt_conf: {
        enable: true,
        encrypt_type: 'sm4_gcm',
        user_cmk_info: {
          cmk_key_id: KEY,
          arn: DEMO_SLS_ROLE_ARN,
          region_id: DEMO_REGION,
        },
      },
    });
  });

  test('a Logstore without a customer key answers an empty JSON array', async () => {
    const answer = await getLogs('plain');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
    expect(answer.headers['x-log-progress']).toBe('Complete');
  });

  test('a BYOK Logstore reads while its key is Enabled', async () => {
    fixture.keyStates.set(
      `${DEMO_ACCOUNT_ID}/${DEMO_REGION}/${KEY}`,
      'Enabled',
    );

    const answer = await getLogs('byok');

    expect(answer.status).toBe(200);
  });

  test.each(['Disabled', 'PendingDeletion', 'PendingImport', undefined])(
    'a BYOK Logstore whose key is %s fails with 403 KMSKeyNotEnabled',
    async (state) => {
      if (state !== undefined) {
        fixture.keyStates.set(
          `${DEMO_ACCOUNT_ID}/${DEMO_REGION}/${KEY}`,
          state,
        );
      }

      const answer = await getLogs('byok');

      expect([answer.status, answer.code]).toEqual([403, 'KMSKeyNotEnabled']);
      expect(answer.text).toContain(KEY);
    },
  );

  test('the BYOK read failure can be configured', async () => {
    sls.setByokReadFailure({
      status: 401,
      code: 'Unauthorized',
      message: 'denied by sts or ram',
    });

    const answer = await getLogs('byok');

    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      errorCode: 'Unauthorized',
      errorMessage: 'denied by sts or ram',
    });
  });

  test('reset restores the default BYOK read failure', async () => {
    sls.setByokReadFailure({ status: 500, code: 'InternalServerError' });
    sls.reset();
    sls.seedLogstore({
      accountId: DEMO_ACCOUNT_ID,
      project: DEMO_PROJECT,
      logstoreName: 'byok',
      encrypt_conf: {
        enable: true,
        encrypt_type: 'aes_gcm',
        user_cmk_info: {
          cmk_key_id: KEY,
          arn: DEMO_SLS_ROLE_ARN,
          region_id: DEMO_REGION,
        },
      },
    });

    expect((await getLogs('byok')).code).toBe('KMSKeyNotEnabled');
  });

  test('a query without from and to is ParameterInvalid', async () => {
    const answer = await call(sls, {
      method: 'GET',
      pathname: '/logstores/plain?type=log',
      project: DEMO_PROJECT,
      query: { query: '*' },
    });

    expect([answer.status, answer.code]).toEqual([400, 'ParameterInvalid']);
  });

  test('a missing Logstore is LogStoreNotExist', async () => {
    const answer = await getLogs('ghost');

    expect([answer.status, answer.code]).toEqual([404, 'LogStoreNotExist']);
  });
});
