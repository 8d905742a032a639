import { createHmac } from 'node:crypto';
import http from 'node:http';
import { ListLogStoresRequest } from '@alicloud/sls20201230';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  DEMO_ACCESS_KEY,
  DEMO_ACCOUNT_ID,
  DEMO_PROJECT,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { failureOf, slsClient } from './sls-client.ts';

interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * GetProject signed by hand with hmac-sha1, the scheme the public SLS
 * documents describe, so the Date can be set to anything.
 */
const rawGetProject = (cloud: LocalCloud, date: Date): Promise<RawAnswer> => {
  const dateText = date.toUTCString();
  const stringToSign =
    `GET\n\n\n${dateText}\n` +
    'x-log-apiversion:0.6.0\nx-log-bodyrawsize:0\n' +
    'x-log-signaturemethod:hmac-sha1\n/';
  const signature = createHmac('sha1', DEMO_ACCESS_KEY.accessKeySecret)
    .update(stringToSign)
    .digest('base64');
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: cloud.port,
        method: 'GET',
        path: '/',
        headers: {
          host: `${DEMO_PROJECT}.cn-hangzhou.log.localhost:${cloud.port}`,
          date: dateText,
          'x-log-apiversion': '0.6.0',
          'x-log-bodyrawsize': '0',
          'x-log-signaturemethod': 'hmac-sha1',
          authorization: `LOG ${DEMO_ACCESS_KEY.accessKeyId}:${signature}`,
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
};

describe('SLS authentication through the SDK', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0 });
  });
  afterAll(async () => {
    await cloud.close();
  });

  test('a wrong secret is 401 SignatureNotMatch with the request id', async () => {
    const client = slsClient(cloud, { accessKeySecret: 'wrong-secret-123' });

    const failure = await failureOf(client.getProject(DEMO_PROJECT));

    expect(failure.code).toBe('SignatureNotMatch');
    expect(failure.statusCode).toBe(401);
    expect(failure.requestId).toEqual(expect.any(String));
    expect(failure.message).not.toContain('wrong-secret-123');
  });

  test('an expired STS token is 401 Unauthorized', async () => {
    const sts = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 15 * 60_000);
    const client = slsClient(cloud, sts);

    const before = await client.getProject(DEMO_PROJECT);
    cloud.clock.advance(16 * 60_000);
    const failure = await failureOf(client.getProject(DEMO_PROJECT));

    expect(before.body?.projectName).toBe(DEMO_PROJECT);
    expect([failure.code, failure.statusCode]).toEqual(['Unauthorized', 401]);
  });

  test('an unknown AccessKeyId is 401 Unauthorized', async () => {
    const client = slsClient(cloud, { accessKeyId: 'LTAI-nobody-here' });

    const failure = await failureOf(client.getProject(DEMO_PROJECT));

    expect([failure.code, failure.statusCode]).toEqual(['Unauthorized', 401]);
  });

  test('v4 signatures are accepted, queries included', async () => {
    const client = slsClient(cloud, { signatureVersion: 'v4' });

    const listed = await client.listLogStores(
      DEMO_PROJECT,
      new ListLogStoresRequest({
        offset: 0,
        size: 10,
        logstoreName: '*(app)*',
      }),
    );

    expect(listed.statusCode).toBe(200);
    expect(listed.body?.total).toBe(0);
    const entry = cloud.control.requests({ operation: 'ListLogStores' }).at(-1);
    expect(entry?.headers.authorization).toBeUndefined();
  });

  test('a raw hmac-sha1 request inside the window is accepted', async () => {
    const answer = await rawGetProject(cloud, new Date());

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      projectName: DEMO_PROJECT,
    });
  });

  test('a Date 16 minutes old is 400 RequestTimeExpired', async () => {
    const answer = await rawGetProject(
      cloud,
      new Date(Date.now() - 16 * 60_000),
    );

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      errorCode: 'RequestTimeExpired',
    });
    expect(answer.headers['x-log-requestid']).toEqual(expect.any(String));
  });

  test('the request log records the account and the error code', async () => {
    cloud.control.clearRequests();
    await failureOf(slsClient(cloud).getLogStore(DEMO_PROJECT, 'ghost'));

    const [entry] = cloud.control.requests({ service: 'sls' });

    expect(entry).toMatchObject({
      operation: 'GetLogStore',
      accountId: DEMO_ACCOUNT_ID,
      status: 404,
      errorCode: 'LogStoreNotExist',
    });
  });
});
