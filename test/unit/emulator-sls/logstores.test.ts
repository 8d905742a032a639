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
import { call, createBody } from './call.ts';
import { testDeps } from './sdk-request.ts';

const byokConf = {
  enable: true,
  encrypt_type: 'sm4_gcm',
  user_cmk_info: {
    cmk_key_id: 'key-demo0001',
    arn: DEMO_SLS_ROLE_ARN,
    region_id: DEMO_REGION,
  },
};

describe('SLS Logstores', () => {
  let sls: SlsService;
  let fixture: ReturnType<typeof testDeps>;

  const create = (name: string, extra: object = {}) =>
    call(sls, {
      method: 'POST',
      pathname: '/logstores',
      project: DEMO_PROJECT,
      body: createBody(name, extra),
    });
  const get = (name: string) =>
    call(sls, {
      method: 'GET',
      pathname: `/logstores/${name}`,
      project: DEMO_PROJECT,
    });
  const update = (name: string, body: object) =>
    call(sls, {
      method: 'PUT',
      pathname: `/logstores/${name}`,
      project: DEMO_PROJECT,
      body,
    });
  const updateEncryption = (name: string, body: object) =>
    call(sls, {
      method: 'PUT',
      pathname: `/logstores/${name}/encryption`,
      project: DEMO_PROJECT,
      body,
    });
  const list = (query: Record<string, string> = {}) =>
    call(sls, {
      method: 'GET',
      pathname: '/logstores',
      project: DEMO_PROJECT,
      query,
    });

  beforeEach(() => {
    fixture = testDeps();
    sls = createSlsService(fixture.deps);
    sls.seedProject({
      accountId: DEMO_ACCOUNT_ID,
      name: DEMO_PROJECT,
      region: DEMO_REGION,
    });
  });

  test('GetLogStore echoes encrypt_conf exactly as sent', async () => {
    const created = await create('app-audit', { encrypt_conf: byokConf });

    const read = await get('app-audit');

    expect([created.status, created.text]).toEqual([200, '']);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      logstoreName: 'app-audit',
      ttl: 30,
      shardCount: 2,
      encrypt_conf: byokConf,
      createTime: expect.any(Number),
    });
  });

  test('a second CreateLogStore of the same name is LogStoreAlreadyExist', async () => {
    await create('app-audit');

    const again = await create('app-audit');

    expect([again.status, again.code]).toEqual([400, 'LogStoreAlreadyExist']);
  });

  test('a body that is JSON but not an object is PostBodyInvalid', async () => {
    const answer = await call(sls, {
      method: 'POST',
      pathname: '/logstores',
      project: DEMO_PROJECT,
      body: ['app-audit'],
    });

    expect([answer.status, answer.code]).toEqual([400, 'PostBodyInvalid']);
  });

  test('a Logstore in a project that does not exist is ProjectNotExist', async () => {
    const answer = await call(sls, {
      method: 'POST',
      pathname: '/logstores',
      project: 'no-such-proj',
      body: createBody('app-audit'),
    });

    expect([answer.status, answer.code]).toEqual([404, 'ProjectNotExist']);
  });

  test('the 201st Logstore at the default quota is ProjectQuotaExceed', async () => {
    for (let i = 0; i < 200; i += 1) {
      sls.seedLogstore({
        accountId: DEMO_ACCOUNT_ID,
        project: DEMO_PROJECT,
        logstoreName: `store-${i}`,
      });
    }

    const answer = await create('store-200');

    expect([answer.status, answer.code]).toEqual([400, 'ProjectQuotaExceed']);
    expect(sls.snapshot().logstores).toHaveLength(200);
  });

  test('a quota lowered below the count names both numbers', async () => {
    for (let i = 0; i < 12; i += 1) {
      sls.seedLogstore({
        accountId: DEMO_ACCOUNT_ID,
        project: DEMO_PROJECT,
        logstoreName: `store-${i}`,
      });
    }
    fixture.accounts.seed({
      accountId: DEMO_ACCOUNT_ID,
      quotas: { logstoresPerProject: 10 },
    });

    const answer = await create('store-12');

    expect(answer.code).toBe('ProjectQuotaExceed');
    expect(answer.text).toContain('12 Logstores');
    expect(answer.text).toContain('quota of 10');
  });

  test('620 Logstores under a raised quota list in pages of 500 and 120', async () => {
    fixture.accounts.seed({
      accountId: DEMO_ACCOUNT_ID,
      quotas: { logstoresPerProject: 700 },
    });
    for (let i = 0; i < 619; i += 1) {
      sls.seedLogstore({
        accountId: DEMO_ACCOUNT_ID,
        project: DEMO_PROJECT,
        logstoreName: `store-${String(i).padStart(3, '0')}`,
      });
    }
    expect((await create('store-619')).status).toBe(200);

    const first = await list({ offset: '0', size: '500' });
    const second = await list({ offset: '500', size: '500' });

    expect(first.body).toMatchObject({ count: 500, total: 620 });
    expect(second.body).toMatchObject({ count: 120, total: 620 });
    const names = [
      ...(first.body as { logstores: string[] }).logstores,
      ...(second.body as { logstores: string[] }).logstores,
    ];
    expect(new Set(names).size).toBe(620);
  });

  test('ListLogStores pages 200 by default and filters by substring', async () => {
    for (const name of ['app-audit', 'app-access', 'billing']) {
      await create(name);
    }

    const all = await list();
    const filtered = await list({ logstoreName: 'app' });
    const tooBig = await list({ size: '501' });

    expect(all.body).toEqual({
      count: 3,
      total: 3,
      logstores: ['app-access', 'app-audit', 'billing'],
    });
    expect(filtered.body).toMatchObject({ count: 2, total: 2 });
    expect([tooBig.status, tooBig.code]).toEqual([400, 'ParameterInvalid']);
  });

  test('UpdateLogStore replaces every field but shardCount', async () => {
    await create('app-audit', { hot_ttl: 7, shardCount: 4 });

    const updated = await update('app-audit', {
      logstoreName: 'app-audit',
      ttl: 90,
      shardCount: 10,
      appendMeta: true,
    });
    const read = await get('app-audit');

    expect(updated.status).toBe(200);
    expect(read.body).toMatchObject({
      ttl: 90,
      shardCount: 4,
      appendMeta: true,
    });
    expect(read.body).not.toHaveProperty('hot_ttl');
  });

  test('UpdateLogStore may add encryption once, and then not change the key', async () => {
    await create('app-audit');

    const added = await update('app-audit', {
      ...createBody('app-audit'),
      encrypt_conf: byokConf,
    });
    const switched = await update('app-audit', {
      ...createBody('app-audit'),
      encrypt_conf: {
        ...byokConf,
        user_cmk_info: {
          ...byokConf.user_cmk_info,
          cmk_key_id: 'key-demo0002',
        },
      },
    });
    const omitted = await update('app-audit', createBody('app-audit'));

    expect(added.status).toBe(200);
    expect([switched.status, switched.code]).toEqual([
      400,
      'LogStoreInfoInvalid',
    ]);
    expect(switched.text).toContain('encrypt_conf.user_cmk_info.cmk_key_id');
    expect(omitted.status).toBe(200);
    expect((await get('app-audit')).body).toMatchObject({
      encrypt_conf: byokConf,
    });
  });

  test('UpdateLogStore of a missing Logstore is LogStoreNotExist', async () => {
    const answer = await update('ghost', createBody('ghost'));

    expect([answer.status, answer.code]).toEqual([404, 'LogStoreNotExist']);
  });

  test('encryption is added once, then only enable changes', async () => {
    await create('app-audit');
    const camel = {
      enable: true,
      encryptType: 'sm4_gcm',
      userCmkInfo: {
        keyId: 'key-demo0001',
        roleArn: DEMO_SLS_ROLE_ARN,
        regionId: DEMO_REGION,
      },
    };

    const added = await updateEncryption('app-audit', camel);
    const disabled = await updateEncryption('app-audit', { enable: false });
    const retyped = await updateEncryption('app-audit', {
      enable: true,
      encryptType: 'aes_gcm',
    });

    expect(added.status).toBe(200);
    expect(disabled.status).toBe(200);
    expect([retyped.status, retyped.code]).toEqual([
      400,
      'LogStoreInfoInvalid',
    ]);
    expect((await get('app-audit')).body).toMatchObject({
      encrypt_conf: { ...byokConf, enable: false },
    });
  });

  test('first encryption needs an encryptType', async () => {
    await create('app-audit');

    const answer = await updateEncryption('app-audit', { enable: true });

    expect([answer.status, answer.code]).toEqual([400, 'ParameterInvalid']);
    expect(answer.text).toContain('encryptType');
  });

  test('DeleteLogStore removes it; a second delete is LogStoreNotExist', async () => {
    await create('app-audit');
    const remove = () =>
      call(sls, {
        method: 'DELETE',
        pathname: '/logstores/app-audit',
        project: DEMO_PROJECT,
      });

    const first = await remove();
    const second = await remove();

    expect(first.status).toBe(200);
    expect([second.status, second.code]).toEqual([404, 'LogStoreNotExist']);
    expect((await get('app-audit')).code).toBe('LogStoreNotExist');
  });

  test('snapshot gives copies and reset empties everything', async () => {
    await create('app-audit', { encrypt_conf: byokConf });
    const copy = sls.snapshot();
    (copy.logstores[0]?.fields as Record<string, unknown>).ttl = 1;

    expect(sls.snapshot().logstores[0]?.fields.ttl).toBe(30);
    sls.reset();
    expect(sls.snapshot()).toEqual({ projects: [], logstores: [] });
  });
});
