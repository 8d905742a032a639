import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { harness, p1Request, startCloud } from './support.ts';

/**
 * Senders stamp webhooks with real time. The local cloud's clock is moved
 * to age keys and tokens; the signature window must not move with it.
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

const SECRET = `whsec_${Buffer.from('a-wall-clock-sender-secret-32-by').toString('base64')}`;
const env = { PROVISION_WEBHOOK_SECRETS: SECRET };
const body = JSON.stringify(p1Request());

const signed = (id: string, atMs: number) => ({
  'content-type': 'application/json',
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(atMs / 1000)),
  'webhook-signature': new Webhook(SECRET).sign(id, new Date(atMs), body),
});

describe('the webhook signature window', () => {
  it('follows real time after the local cloud clock was moved', async () => {
    cloud.clock.advance(2 * 3_600_000);
    const fn = harness(cloud, env);

    const answer = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('msg_wall_1', Date.now()),
    );

    expect(answer.status).toBe(201);
  });

  it('follows an injected wall clock, not the product clock', async () => {
    const wallMs = Date.parse('2030-06-01T00:00:00Z');
    const fn = harness(cloud, env, { wallClock: { now: () => wallMs } });

    const onWall = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('msg_wall_2', wallMs),
    );
    const onProduct = await fn.http(
      'POST',
      '/logstores',
      body,
      signed('msg_wall_3', cloud.clock.now()),
    );

    expect(onWall.status).toBe(201);
    expect(onProduct.status).toBe(401);
    expect(onProduct.body).toMatchObject({ code: 'signature_invalid' });
  });
});
