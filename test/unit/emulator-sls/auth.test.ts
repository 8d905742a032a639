import { beforeEach, describe, expect, test } from 'vitest';
import {
  DEMO_ACCESS_KEY,
  DEMO_ACCOUNT_ID,
  DEMO_PROJECT,
  DEMO_REGION,
} from '../../../emulator/demo.ts';
import {
  createSlsService,
  type SlsService,
} from '../../../emulator/sls/service.ts';
import { answerOf, call, createBody } from './call.ts';
import { sdkRequest, testDeps } from './sdk-request.ts';

const getProject = {
  method: 'GET',
  pathname: '/',
  project: DEMO_PROJECT,
} as const;

describe('SLS authentication', () => {
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

  test('a request signed with the right secret acts for its account', async () => {
    const answer = await call(sls, getProject);

    expect(answer.status).toBe(200);
    expect(answer.accountId).toBe(DEMO_ACCOUNT_ID);
  });

  test('a wrong secret is 401 SignatureNotMatch and the answer holds no secret', async () => {
    const answer = await call(sls, {
      ...getProject,
      accessKeySecret: 'not-the-secret',
    });

    expect(answer.status).toBe(401);
    expect(answer.code).toBe('SignatureNotMatch');
    expect(answer.body).toMatchObject({ errorCode: 'SignatureNotMatch' });
    expect(answer.text).not.toContain(DEMO_ACCESS_KEY.accessKeySecret);
    expect(answer.text).not.toContain('not-the-secret');
    expect(answer.accountId).toBeUndefined();
  });

  test('an unknown AccessKeyId is 401 Unauthorized', async () => {
    const answer = await call(sls, {
      ...getProject,
      accessKeyId: 'LTAI-nobody',
    });

    expect([answer.status, answer.code]).toEqual([401, 'Unauthorized']);
  });

  test('an STS token is accepted until it expires, then 401 Unauthorized', async () => {
    const sts = fixture.accounts.issueStsToken(DEMO_ACCOUNT_ID, 60_000);
    const withToken = { ...getProject, ...sts };

    const fresh = await call(sls, withToken);
    fixture.clock.advance(60_001);
    const expired = await call(sls, withToken);

    expect(fresh.status).toBe(200);
    expect([expired.status, expired.code]).toEqual([401, 'Unauthorized']);
    expect(expired.text).toContain('expired');
    expect(expired.text).not.toContain(sts.securityToken);
  });

  test('an STS key with a wrong token is 401 Unauthorized', async () => {
    const sts = fixture.accounts.issueStsToken(DEMO_ACCOUNT_ID, 60_000);

    const answer = await call(sls, {
      ...getProject,
      ...sts,
      securityToken: 'CAIS-forged',
    });

    expect([answer.status, answer.code]).toEqual([401, 'Unauthorized']);
  });

  test.each([
    ['v1', 16 * 60_000],
    ['v1', -16 * 60_000],
    ['v4', 16 * 60_000],
  ] as const)(
    'a %s request dated %i ms off is 400 RequestTimeExpired',
    async (version, skew) => {
      const request = await sdkRequest({
        ...getProject,
        signatureVersion: version,
      });

      const answer = await answerOf(sls, {
        ...request,
        receivedAt: request.receivedAt + skew,
      });

      expect([answer.status, answer.code]).toEqual([400, 'RequestTimeExpired']);
    },
  );

  test('a request 14 minutes old is still inside the window', async () => {
    const request = await sdkRequest(getProject);

    const answer = await answerOf(sls, {
      ...request,
      receivedAt: request.receivedAt + 14 * 60_000,
    });

    expect(answer.status).toBe(200);
  });

  test.each(['v1', 'v4'] as const)(
    'a %s body changed after signing is refused as not matching its digest',
    async (version) => {
      const request = await sdkRequest({
        method: 'POST',
        pathname: '/logstores',
        project: DEMO_PROJECT,
        body: createBody('app-audit'),
        signatureVersion: version,
      });

      const answer = await answerOf(sls, {
        ...request,
        body: Buffer.from(JSON.stringify(createBody('app-other'))),
      });

      expect([answer.status, answer.code]).toEqual([400, 'InvalidContentMD5']);
      expect(sls.snapshot().logstores).toEqual([]);
    },
  );

  test('a request without Authorization is 401 Unauthorized', async () => {
    const request = await sdkRequest(getProject);
    const { authorization: _, ...headers } = request.headers;

    const answer = await answerOf(sls, { ...request, headers });

    expect([answer.status, answer.code]).toEqual([401, 'Unauthorized']);
  });

  test('a v4 scope naming another region than the host is SignatureNotMatch', async () => {
    const request = await sdkRequest({
      ...getProject,
      signatureVersion: 'v4',
      region: 'cn-shanghai',
    });

    const answer = await answerOf(sls, {
      ...request,
      host: { ...request.host, region: DEMO_REGION },
    });

    expect([answer.status, answer.code]).toEqual([401, 'SignatureNotMatch']);
  });

  test('every answer, success or error, carries x-log-requestid', async () => {
    const request = await sdkRequest(getProject);
    const ok = await answerOf(sls, request);
    const bad = await call(sls, { ...getProject, accessKeyId: 'LTAI-x' });

    expect(ok.headers['x-log-requestid']).toBe(request.requestId);
    expect(bad.headers['x-log-requestid']).toMatch(/^REQ\d+$/);
  });
});
