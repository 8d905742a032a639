import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import type { MakeClients } from '../../../functions/provision/invocation.ts';
import { eventBuffer } from '../../fixtures/events/index.ts';
import { harness, p1Request, startCloud, storedLogstores } from './support.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startCloud();
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

interface FcHttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

describe('P8: a real HTTP trigger event', () => {
  it('creates from a base64 body with an upper-case header name', async () => {
    const answer = (await harness(cloud).invoke(
      eventBuffer('httpPostMinimal'),
    )) as FcHttpAnswer;

    expect(answer.statusCode).toBe(201);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ outcome: 'created' });
    expect(storedLogstores(cloud)).toHaveLength(1);
  });

  it('creates from a full event with a plain body, then reads it with GET', async () => {
    const fn = harness(cloud);

    const created = (await fn.invoke(eventBuffer('httpPost'))) as FcHttpAnswer;
    const read = (await fn.invoke(eventBuffer('httpGet'))) as FcHttpAnswer;

    expect(created.statusCode).toBe(201);
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({
      outcome: 'found',
      key: { keyId: 'key-demo0001', keyState: 'Enabled' },
    });
  });
});

describe('P9: broken JSON and unexpected failures', () => {
  it.each([
    ['a truncated body', '{"project":"demo-proj",'],
    ['an empty body', ''],
  ])('answers %s with 400 invalid_json and no SLS call', async (_, body) => {
    const answer = await harness(cloud).http('POST', '/logstores', body, {
      'content-type': 'application/json',
    });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      outcome: 'invalid',
      code: 'invalid_json',
    });
    expect(cloud.control.requests({ service: 'sls' })).toEqual([]);
  });

  it('accepts a JSON body that starts with a UTF-8 byte order mark', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(p1Request())),
    ]);

    const answer = await harness(cloud).http('POST', '/logstores', body, {
      'content-type': 'application/json',
    });

    expect(answer.status).toBe(201);
    expect(storedLogstores(cloud)).toHaveLength(1);
  });

  it('lists the first 50 errors and counts the rest, in the answer and the log', async () => {
    const unknown = Object.fromEntries(
      Array.from({ length: 4_000 }, (_, i) => [`x${i}`, 1]),
    );
    const fn = harness(cloud);

    const answer = await fn.post(p1Request(unknown));

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveLength(50);
    expect(answer.body.errorsOmitted).toBe(3_950);
    expect(answer.body.message).toContain('4000 errors');
    const [line] = fn.lines
      .records()
      .filter((r) => r.event === 'provision.outcome');
    expect(line?.errors).toHaveLength(50);
    expect(line?.errorsOmitted).toBe(3_950);
    expect(JSON.stringify(line).length).toBeLessThan(8_000);
  });

  it('answers an unexpected error with 500, a code and the request id only', async () => {
    const leaky: MakeClients = () => {
      const error = new Error(
        'boom: acs:ram::1111222233334444:role/sls-byok-demo at ' +
          'demo-proj.cn-hangzhou.log.localhost',
      );
      throw error;
    };
    const fn = harness(cloud, {}, { wrapClients: () => leaky });

    const answer = await fn.post(p1Request(), {}, { requestId: 'req-p9' });

    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      requestId: 'req-p9',
      outcome: 'failed',
      code: 'internal_error',
      message: expect.any(String),
    });
    const text = JSON.stringify(answer.body);
    for (const internal of [
      'acs:ram',
      '1111222233334444',
      'localhost',
      'at ',
    ]) {
      expect(text).not.toContain(internal);
    }
    const logged = fn.lines
      .records()
      .find((r) => r.event === 'invocation.error');
    expect(JSON.stringify(logged)).toContain(
      'demo-proj.cn-hangzhou.log.localhost',
    );
  });
});

describe('routes', () => {
  it.each([
    ['GET', '/nope', 404, 'route_not_found', undefined],
    ['DELETE', '/logstores', 405, 'method_not_allowed', 'POST'],
    [
      'PUT',
      '/logstores/demo-proj/app-audit',
      405,
      'method_not_allowed',
      'GET, HEAD',
    ],
  ])('answers %s %s with %i %s', async (method, path, status, code, allow) => {
    const answer = await harness(cloud).http(method, path);

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ code, requestId: expect.any(String) });
    expect(answer.headers.allow).toBe(allow);
  });

  it('answers HEAD on a Logstore as GET would, without a body', async () => {
    const fn = harness(cloud);
    await fn.post(p1Request());

    const found = await fn.http('HEAD', '/logstores/demo-proj/app-audit');
    const missing = await fn.http('HEAD', '/logstores/demo-proj/nothing-here');
    const collection = await fn.http('HEAD', '/logstores');

    expect(found.status).toBe(200);
    expect(found.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.status).toBe(404);
    expect(collection.status).toBe(405);
    expect(collection.headers.allow).toBe('POST');
    for (const answer of [found, missing, collection]) {
      expect(answer.rawBody).toBe('');
    }
  });

  it('refuses a body over 64 KiB with 413 before reading it', async () => {
    const body = JSON.stringify({ ...p1Request(), pad: 'x'.repeat(64 * 1024) });

    const answer = await harness(cloud).http('POST', '/logstores', body);

    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      outcome: 'invalid',
      code: 'body_too_large',
    });
  });

  it('answers GET for a missing Logstore with 404 and bad names with 400', async () => {
    const fn = harness(cloud);

    const missing = await fn.http('GET', '/logstores/demo-proj/nothing-here');
    const badName = await fn.http('GET', '/logstores/Demo_Proj/app-audit');

    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('logstore_not_found');
    expect(badName.status).toBe(400);
    expect(badName.body.errors).toEqual([
      expect.objectContaining({ path: 'project' }),
      expect.objectContaining({ path: 'project' }),
    ]);
  });

  it('answers a path that is not valid percent-encoding with 400', async () => {
    const fn = harness(cloud);

    const answer = await fn.http('GET', '/logstores/demo-proj/%E0%A4%A');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      outcome: 'invalid',
      code: 'invalid_request',
      message: 'the Logstore in the path is not valid percent-encoding',
    });
  });
});

describe('webhook signatures, when secrets are configured', () => {
  const OLD = `whsec_${Buffer.from('an-old-signing-secret-32-bytes!!').toString('base64')}`;
  const NEW = `whsec_${Buffer.from('a-new-signing-secret-of-32-bytes').toString('base64')}`;
  const env = { PROVISION_WEBHOOK_SECRETS: `${OLD} ${NEW}` };
  const body = JSON.stringify(p1Request());

  const signedHeaders = (
    secret: string,
    id: string,
    atMs = cloud.clock.now(),
  ) => ({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(atMs / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, new Date(atMs), body),
  });

  it('accepts a request signed with either secret', async () => {
    const fn = harness(cloud, env);

    const first = await fn.http(
      'POST',
      '/logstores',
      body,
      signedHeaders(OLD, 'msg_a'),
    );
    const second = await fn.http(
      'POST',
      '/logstores',
      body,
      signedHeaders(NEW, 'msg_b'),
    );

    expect([first.status, second.status]).toEqual([201, 200]);
  });

  it('refuses missing, stale, reused and wrong signatures with 401', async () => {
    const fn = harness(cloud, env);
    const other = `whsec_${Buffer.from('somebody-elses-secret-of-32-byte').toString('base64')}`;
    await fn.http('POST', '/logstores', body, signedHeaders(NEW, 'msg_seen'));

    const answers = [
      await fn.http('POST', '/logstores', body, {
        'content-type': 'application/json',
      }),
      await fn.http(
        'POST',
        '/logstores',
        body,
        signedHeaders(NEW, 'msg_old', cloud.clock.now() - 6 * 60_000),
      ),
      await fn.http('PUT', '/logstores', body, signedHeaders(NEW, 'msg_seen')),
      await fn.http('POST', '/logstores', body, signedHeaders(other, 'msg_x')),
    ];

    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(answers.map((a) => a.body.code)).toEqual(
      Array(4).fill('signature_invalid'),
    );
    expect(
      cloud.control.requests({ service: 'sls', operation: 'CreateLogStore' }),
    ).toHaveLength(1);
  });

  it('checks nothing when no secret is configured', async () => {
    const answer = await harness(cloud).post(p1Request());

    expect(answer.status).toBe(201);
  });
});
