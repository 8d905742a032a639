import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { harness, p1Request, startCloud, storedLogstores } from './support.ts';

/**
 * A Standard Webhooks sender keeps one `webhook-id` across its retries.
 * The function must take a retry of an answer that asked for one (5xx),
 * answer a repeat of a finished message as it was answered, and still
 * refuse an id reused for another request.
 */
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

const SECRET = `whsec_${Buffer.from('a-retrying-sender-secret-32-byte').toString('base64')}`;
const env = { PROVISION_WEBHOOK_SECRETS: SECRET };

/** Signed as a sender signs each attempt: same id, the attempt's time. */
const signed = (id: string, body: string, atMs = cloud.clock.now()) => ({
  'content-type': 'application/json',
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(atMs / 1000)),
  'webhook-signature': new Webhook(SECRET).sign(id, new Date(atMs), body),
});

const creates = () =>
  cloud.control.requests({ service: 'sls', operation: 'CreateLogStore' });

describe('a sender retrying with the same webhook-id', () => {
  it('creates the Logstore on the retry that follows a 503', async () => {
    const fn = harness(cloud, env, { timeout: 3 });
    const body = JSON.stringify(p1Request());
    cloud.control.faults.add({
      service: 'sls',
      operation: 'GetLogStore',
      action: { kind: 'server-error' },
    });
    const first = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('msg_retry_1', body),
    );
    cloud.control.faults.clear();
    cloud.clock.advance(2_000);

    const retry = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('msg_retry_1', body),
    );

    expect(first.status).toBe(503);
    // SLS's 5xx names no wait, so the function asks for its default 2 s.
    expect(first.headers['retry-after']).toBe('2');
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ outcome: 'created' });
    expect(storedLogstores(cloud)).toHaveLength(1);
  });

  it('answers a repeat of a finished message as it was answered, calling nothing', async () => {
    const fn = harness(cloud, env);
    const body = JSON.stringify(p1Request());
    const first = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('msg_done', body),
    );
    const callsBefore = cloud.control.requests().length;
    cloud.clock.advance(30_000);

    const repeat = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('msg_done', body),
    );

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(cloud.control.requests()).toHaveLength(callsBefore);
    expect(creates()).toHaveLength(1);
  });

  it('answers a repeat of a refused message with the same refusal', async () => {
    const fn = harness(cloud, env);
    const body = JSON.stringify(p1Request({ shardCount: 0 }));
    const first = await fn.http('POST', '/logstores', body, signed('m1', body));

    const repeat = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('m1', body),
    );

    expect([first.status, repeat.status]).toEqual([400, 400]);
    expect(repeat.body).toEqual(first.body);
  });

  it('refuses an id reused for another body or another route', async () => {
    const fn = harness(cloud, env);
    const body = JSON.stringify(p1Request());
    const other = JSON.stringify(p1Request({ logstoreName: 'app-other' }));
    await fn.http('POST', '/logstores', body, signed('msg_reused', body));

    const otherBody = await fn.http(
      'POST',
      '/logstores',
      other,
      signed('msg_reused', other),
    );
    const otherRoute = await fn.http(
      'PUT',
      '/logstores',
      body,
      signed('msg_reused', body),
    );

    for (const answer of [otherBody, otherRoute]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({
        code: 'signature_invalid',
        message: expect.stringContaining('another request'),
      });
    }
    expect(storedLogstores(cloud).map((l) => l.logstoreName)).toEqual([
      'app-audit',
    ]);
  });

  it('still refuses a stale timestamp and a wrong signature on a retry', async () => {
    const fn = harness(cloud, env, { timeout: 3 });
    const body = JSON.stringify(p1Request());
    cloud.control.faults.add({
      service: 'sls',
      operation: 'GetLogStore',
      action: { kind: 'server-error' },
      times: 100,
    });
    await fn.http('POST', '/logstores', body, signed('msg_t', body));
    cloud.control.faults.clear();

    const stale = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('msg_t', body, cloud.clock.now() - 6 * 60_000),
    );
    const wrong = await fn.http('POST', '/logstores', body, {
      ...signed('msg_t', body),
      'webhook-signature': 'v1,bm90LXRoZS1yaWdodC1zaWduYXR1cmU=',
    });

    expect([stale.status, wrong.status]).toEqual([401, 401]);
    expect(creates()).toHaveLength(0);
  });

  it('answers a signed HEAD and its repeat without a body, and refuses an unsigned one', async () => {
    const fn = harness(cloud, env);
    const body = JSON.stringify(p1Request());
    await fn.http('POST', '/logstores', body, signed('msg_made', body));
    const path = '/logstores/demo-proj/app-audit';

    const head = await fn.http('HEAD', path, '', signed('msg_head', ''));
    const repeat = await fn.http('HEAD', path, '', signed('msg_head', ''));
    const unsigned = await fn.http('HEAD', path);

    expect([head.status, repeat.status, unsigned.status]).toEqual([
      200, 200, 401,
    ]);
    expect([head.rawBody, repeat.rawBody, unsigned.rawBody]).toEqual([
      '',
      '',
      '',
    ]);
  });
});
