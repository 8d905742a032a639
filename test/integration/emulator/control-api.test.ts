import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 7 });
});

afterAll(async () => {
  await cloud.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${cloud.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: control answers are free-form JSON
  const answer: any = await response.json();
  return { status: response.status, body: answer };
};

describe('the control API over HTTP', () => {
  it('seeds keys and answers their ids', async () => {
    const seeded = await call('POST', '/_control/seed', {
      keys: [{ keyId: 'key-ctl0001', region: 'cn-shanghai' }],
    });

    expect(seeded).toEqual({ status: 200, body: { keyIds: ['key-ctl0001'] } });
    expect(
      cloud.kms.keyStateOf('1111222233334444', 'cn-shanghai', 'key-ctl0001'),
    ).toBe('Enabled');
  });

  it('moves the emulator clock forward and to a given time', async () => {
    const before = (await call('GET', '/_control/clock')).body.now as number;

    const moved = await call('POST', '/_control/clock', {
      advanceMs: 86_400_000,
    });
    const set = await call('POST', '/_control/clock', {
      set: '2030-01-01T00:00:00Z',
    });

    expect(moved.body.now - before).toBeGreaterThanOrEqual(86_400_000);
    expect(set.body.iso.startsWith('2030-01-01T00:00:0')).toBe(true);
    expect(cloud.clock.now()).toBeGreaterThanOrEqual(Date.parse('2030-01-01'));
  });

  it('refuses a clock call without a usable time', async () => {
    const answer = await call('POST', '/_control/clock', { set: 'soon' });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/advanceMs|set/);
  });

  it('adds, lists and clears faults, and refuses a malformed one', async () => {
    const added = await call('POST', '/_control/faults', {
      service: 'kms',
      operation: 'DescribeKey',
      action: { kind: 'throttle' },
      times: 1,
    });
    const bad = await call('POST', '/_control/faults', {
      service: 'kms',
      action: { kind: 'explode' },
    });
    const listed = await call('GET', '/_control/faults');
    await call('DELETE', '/_control/faults');

    expect(added.body.id).toBeTypeOf('number');
    expect(bad.status).toBe(400);
    expect(listed.body).toHaveLength(1);
    expect(cloud.control.faults.list()).toEqual([]);
  });

  it('refuses a fault with a typo, naming the field', async () => {
    const typo = await call('POST', '/_control/faults', {
      service: 'kms',
      operation: 'DescribeKeys',
      action: { kind: 'throttle' },
    });

    expect(typo.status).toBe(400);
    expect(typo.body.message).toMatch(/^operation: /);
    expect(cloud.control.faults.list()).toEqual([]);
  });

  it('issues STS credentials that expire on the emulator clock', async () => {
    const answer = await call('POST', '/_control/sts-tokens', {
      accountId: '1111222233334444',
      ttlSeconds: 60,
    });

    expect(answer.body.accessKeyId).toMatch(/^STS\./);
    expect(answer.body.expiresAt - cloud.clock.now()).toBeLessThanOrEqual(
      60_000,
    );
  });

  it('refuses STS credentials for an unknown account as bad_request', async () => {
    const answer = await call('POST', '/_control/sts-tokens', {
      accountId: '999',
    });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'bad_request',
      message: 'account 999 is not seeded',
    });
  });

  it('refuses a log filter that names no service or channel', async () => {
    const requests = await call('GET', '/_control/requests?service=bogus');
    const messages = await call('GET', '/_control/sink/messages?channel=x');

    expect(requests.status).toBe(400);
    expect(requests.body.message).toBe(
      'service: must be one of sls, kms, sink',
    );
    expect(messages.status).toBe(400);
    expect(messages.body.message).toMatch(/^channel: must be one of dingtalk/);
  });

  it('refuses a robot for a channel the sink does not know', async () => {
    const answer = await call('POST', '/_control/sink/robots', {
      channel: 'telegram',
      token: 't',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/dingtalk/);
  });

  it('refuses bad values by path and rule, changing nothing', async () => {
    const before = cloud.clock.offset();
    const bad = await Promise.all([
      call('POST', '/_control/clock', { advanceMs: 1e17 }),
      call('POST', '/_control/clock', {
        advanceMs: 5,
        set: '2030-01-01T00:00:00Z',
      }),
      call('POST', '/_control/sts-tokens', {
        accountId: '1111222233334444',
        ttlSeconds: 'x',
      }),
      call('POST', '/_control/seed', {
        accounts: [{ accountId: '42', quotas: { logstoresPerProject: -1 } }],
      }),
      call('POST', '/_control/seed', []),
      call('POST', '/_control/faults', {
        service: 'sls',
        action: { kind: 'latency', ms: -5 },
      }),
      call('POST', '/_control/faults', {
        service: 'sls',
        action: { kind: 'error', status: 99, code: 'X' },
      }),
    ]);

    expect(bad.map((answer) => answer.status)).toEqual([
      400, 400, 400, 400, 400, 400, 400,
    ]);
    expect(bad[2]?.body.message).toMatch(/^ttlSeconds: /);
    expect(bad[3]?.body.message).toMatch(
      /^accounts\.0\.quotas\.logstoresPerProject: /,
    );
    expect(cloud.clock.offset()).toBe(before);
    expect(cloud.control.faults.list()).toEqual([]);
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    expect((await call('GET', '/_control/nothing')).status).toBe(404);
    expect((await call('PUT', '/_control/clock')).status).toBe(405);
  });

  it('resets to the start-up seed', async () => {
    await call('POST', '/_control/reset');

    expect(
      cloud.kms.keyStateOf('1111222233334444', 'cn-shanghai', 'key-ctl0001'),
    ).toBeUndefined();
    expect(
      cloud.kms.keyStateOf('1111222233334444', 'cn-hangzhou', 'key-demo0002'),
    ).toBe('Enabled');
  });
});
