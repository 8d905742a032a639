import { beforeEach, describe, expect, test } from 'vitest';
import {
  DEMO_ACCOUNT_ID,
  DEMO_PROJECT,
  DEMO_REGION,
} from '../../../emulator/demo.ts';
import {
  createSlsService,
  type SlsService,
} from '../../../emulator/sls/service.ts';
import { call } from './call.ts';
import { sdkRequest, testDeps } from './sdk-request.ts';

const OTHER_ACCOUNT = '9999888877776666';

describe('SLS projects', () => {
  let sls: SlsService;
  let fixture: ReturnType<typeof testDeps>;

  beforeEach(() => {
    fixture = testDeps();
    sls = createSlsService(fixture.deps);
    sls.seedProject({
      accountId: DEMO_ACCOUNT_ID,
      name: DEMO_PROJECT,
      region: DEMO_REGION,
    });
  });

  test('GetProject answers the project of the host', async () => {
    const answer = await call(sls, {
      method: 'GET',
      pathname: '/',
      project: DEMO_PROJECT,
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      projectName: DEMO_PROJECT,
      region: DEMO_REGION,
      status: 'Normal',
    });
  });

  test('a project is not visible through another region', async () => {
    const answer = await call(sls, {
      method: 'GET',
      pathname: '/logstores',
      project: DEMO_PROJECT,
      region: 'cn-shanghai',
    });

    expect([answer.status, answer.code]).toEqual([404, 'ProjectNotExist']);
    expect(answer.body).toMatchObject({
      errorMessage: expect.stringContaining(DEMO_PROJECT),
    });
  });

  test("another account's project does not exist for the caller", async () => {
    sls.seedProject({
      accountId: OTHER_ACCOUNT,
      name: 'their-proj',
      region: DEMO_REGION,
    });

    const answer = await call(sls, {
      method: 'GET',
      pathname: '/',
      project: 'their-proj',
    });

    expect([answer.status, answer.code]).toEqual([404, 'ProjectNotExist']);
  });

  test('ListProject lists the projects of the region with count and total', async () => {
    for (const name of ['alpha-proj', 'beta-proj']) {
      sls.seedProject({
        accountId: DEMO_ACCOUNT_ID,
        name,
        region: DEMO_REGION,
      });
    }
    sls.seedProject({
      accountId: DEMO_ACCOUNT_ID,
      name: 'far-proj',
      region: 'cn-shanghai',
    });

    const all = await call(sls, { method: 'GET', pathname: '/' });
    const page = await call(sls, {
      method: 'GET',
      pathname: '/',
      query: { offset: '1', size: '1', projectName: 'proj' },
    });

    expect(all.body).toMatchObject({ count: 3, total: 3 });
    const names = (
      all.body as { projects: { projectName: string }[] }
    ).projects.map((p) => p.projectName);
    expect(names).toEqual(['alpha-proj', 'beta-proj', DEMO_PROJECT]);
    expect(page.body).toMatchObject({
      count: 1,
      total: 3,
      projects: [{ projectName: 'beta-proj' }],
    });
  });

  test('ListProject refuses a size over 500', async () => {
    const answer = await call(sls, {
      method: 'GET',
      pathname: '/',
      query: { size: '501' },
    });

    expect([answer.status, answer.code]).toEqual([400, 'ParameterInvalid']);
  });

  test('CreateProject creates a project in the region of the host', async () => {
    const created = await call(sls, {
      method: 'POST',
      pathname: '/',
      region: 'cn-shanghai',
      body: { projectName: 'new-proj', description: 'made by a test' },
    });

    expect(created.status).toBe(200);
    expect(created.text).toBe('');
    expect(sls.snapshot().projects).toContainEqual(
      expect.objectContaining({
        accountId: DEMO_ACCOUNT_ID,
        name: 'new-proj',
        region: 'cn-shanghai',
        description: 'made by a test',
      }),
    );
  });

  test('a name taken in the region is ProjectAlreadyExist', async () => {
    sls.seedProject({
      accountId: OTHER_ACCOUNT,
      name: 'taken-proj',
      region: DEMO_REGION,
    });

    const answer = await call(sls, {
      method: 'POST',
      pathname: '/',
      body: { projectName: 'taken-proj' },
    });

    expect([answer.status, answer.code]).toEqual([400, 'ProjectAlreadyExist']);
  });

  test.each(['demo_proj', 'Demo-Proj', 'ab'])(
    'CreateProject refuses the name %s',
    async (name) => {
      const answer = await call(sls, {
        method: 'POST',
        pathname: '/',
        body: { projectName: name },
      });

      expect([answer.status, answer.code]).toEqual([400, 'ParameterInvalid']);
      expect(answer.text).toContain('projectName');
    },
  );

  test('the 151st project of an account is ProjectQuotaExceed', async () => {
    for (let i = 1; i < 150; i += 1) {
      sls.seedProject({
        accountId: DEMO_ACCOUNT_ID,
        name: `proj-${i}`,
        region: i % 2 === 0 ? DEMO_REGION : 'cn-beijing',
      });
    }

    const answer = await call(sls, {
      method: 'POST',
      pathname: '/',
      body: { projectName: 'one-too-many' },
    });

    expect(sls.snapshot().projects).toHaveLength(150);
    expect([answer.status, answer.code]).toEqual([400, 'ProjectQuotaExceed']);
  });

  test('an operation the emulator does not know is 400 ParameterInvalid', async () => {
    const request = await sdkRequest({
      method: 'GET',
      pathname: '/shipper',
      project: DEMO_PROJECT,
    });

    const answer = await sls.handle(request);

    expect(sls.operationOf(request)).toBe('UnknownOperation');
    expect([answer.status, answer.errorCode]).toEqual([
      400,
      'ParameterInvalid',
    ]);
    expect(answer.accountId).toBe(DEMO_ACCOUNT_ID);
  });

  test.each([
    ['GET', '/', undefined, {}, 'ListProject'],
    ['GET', '/', DEMO_PROJECT, {}, 'GetProject'],
    ['POST', '/', undefined, {}, 'CreateProject'],
    ['POST', '/logstores', DEMO_PROJECT, {}, 'CreateLogStore'],
    ['GET', '/logstores', DEMO_PROJECT, {}, 'ListLogStores'],
    ['GET', '/logstores/app', DEMO_PROJECT, {}, 'GetLogStore'],
    ['GET', '/logstores/app?type=log', DEMO_PROJECT, {}, 'GetLogs'],
    ['PUT', '/logstores/app', DEMO_PROJECT, {}, 'UpdateLogStore'],
    [
      'PUT',
      '/logstores/app/encryption',
      DEMO_PROJECT,
      {},
      'UpdateLogStoreEncryption',
    ],
    ['DELETE', '/logstores/app', DEMO_PROJECT, {}, 'DeleteLogStore'],
  ] as const)(
    '%s %s (project %s) is %s',
    async (method, pathname, project, query, operation) => {
      const request = await sdkRequest({
        method,
        pathname,
        ...(project === undefined ? {} : { project }),
        query,
      });

      expect(sls.operationOf(request)).toBe(operation);
    },
  );
});
