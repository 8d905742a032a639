import {
  CreateProjectRequest,
  ListProjectRequest,
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
  DEMO_ACCOUNT_ID,
  DEMO_PROJECT,
  DEMO_REGION,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { failureOf, slsClient } from './sls-client.ts';

describe('SLS projects through the SDK', () => {
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

  test('GetProject answers the demo project with its region', async () => {
    const answer = await slsClient(cloud).getProject(DEMO_PROJECT);

    expect(answer.body).toMatchObject({
      projectName: DEMO_PROJECT,
      region: DEMO_REGION,
      status: 'Normal',
      owner: DEMO_ACCOUNT_ID,
    });
  });

  test('the project is 404 ProjectNotExist through another region', async () => {
    const shanghai = slsClient(cloud, { region: 'cn-shanghai' });

    const failure = await failureOf(shanghai.getProject(DEMO_PROJECT));

    expect([failure.code, failure.statusCode]).toEqual([
      'ProjectNotExist',
      404,
    ]);
  });

  test('the loopback form of the endpoint reaches the default region', async () => {
    const client = slsClient(cloud, { endpoint: `@127.0.0.1:${cloud.port}` });

    const answer = await client.getProject(DEMO_PROJECT);

    expect(answer.body?.region).toBe(DEMO_REGION);
  });

  test('ListProject and CreateProject work through the loopback endpoint', async () => {
    const client = slsClient(cloud, { endpoint: `@127.0.0.1:${cloud.port}` });

    await client.createProject(
      new CreateProjectRequest({ projectName: 'at-proj', description: 'at' }),
    );
    const listed = await client.listProject(new ListProjectRequest({}));

    expect(listed.body?.projects?.map((p) => p.projectName).sort()).toEqual([
      'at-proj',
      DEMO_PROJECT,
    ]);
    expect(listed.body?.projects?.[0]?.region).toBe(DEMO_REGION);
  });

  test('a host no local service answers is InvalidHost with a request id', async () => {
    const client = slsClient(cloud, {
      endpoint: `Moon.log.localhost:${cloud.port}`,
    });

    const failure = await failureOf(client.getProject(DEMO_PROJECT));

    expect([failure.code, failure.statusCode]).toEqual(['InvalidHost', 400]);
    expect(failure.requestId).toMatch(/^[0-9A-F]{24}$/);
  });

  test('CreateProject then ListProject shows it in its region only', async () => {
    const shanghai = slsClient(cloud, { region: 'cn-shanghai' });

    await shanghai.createProject(
      new CreateProjectRequest({
        projectName: 'audit-sh',
        description: 'Shanghai audit logs',
      }),
    );
    const inShanghai = await shanghai.listProject(new ListProjectRequest({}));
    const inHangzhou = await slsClient(cloud).listProject(
      new ListProjectRequest({ offset: 0, size: 500 }),
    );

    expect(inShanghai.body?.total).toBe(1);
    expect(inShanghai.body?.projects?.[0]).toMatchObject({
      projectName: 'audit-sh',
      region: 'cn-shanghai',
      description: 'Shanghai audit logs',
    });
    expect(inHangzhou.body?.projects?.map((p) => p.projectName)).toEqual([
      DEMO_PROJECT,
    ]);
  });

  test('a second CreateProject of the same name is ProjectAlreadyExist', async () => {
    const request = new CreateProjectRequest({
      projectName: DEMO_PROJECT,
      description: 'again',
    });

    const failure = await failureOf(slsClient(cloud).createProject(request));

    expect([failure.code, failure.statusCode]).toEqual([
      'ProjectAlreadyExist',
      400,
    ]);
  });

  test('a project name with an underscore is ParameterInvalid naming it', async () => {
    const request = new CreateProjectRequest({
      projectName: 'demo_proj',
      description: 'bad name',
    });

    const failure = await failureOf(slsClient(cloud).createProject(request));

    expect(failure.code).toBe('ParameterInvalid');
    expect(failure.message).toContain('projectName');
  });

  test('ListProject refuses a size over 500', async () => {
    const failure = await failureOf(
      slsClient(cloud).listProject(new ListProjectRequest({ size: 501 })),
    );

    expect([failure.code, failure.statusCode]).toEqual([
      'ParameterInvalid',
      400,
    ]);
  });
});
