import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../../emulator/fault-spec.ts';
import { mnsQueueEvent } from '../../../emulator/fc-runtime.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
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

const slsOperations = () =>
  cloud.control.requests({ service: 'sls' }).map((entry) => entry.operation);

const fault = (
  spec: Omit<FaultSpec, 'service'> & { service?: FaultSpec['service'] },
) => cloud.control.faults.add({ service: 'sls', ...spec } as FaultSpec);

describe('transient failures end in exactly one Logstore', () => {
  it.each([
    [
      'throttling on create',
      { operation: 'CreateLogStore', action: { kind: 'throttle' } },
    ],
    [
      '5xx on create',
      { operation: 'CreateLogStore', action: { kind: 'server-error' } },
    ],
    [
      'throttling on read',
      { operation: 'GetLogStore', action: { kind: 'throttle' } },
    ],
    [
      'KMS throttling',
      {
        service: 'kms',
        operation: 'DescribeKey',
        action: { kind: 'throttle' },
      },
    ],
  ] as const)('rides out a burst of %s', async (_, spec) => {
    fault({ ...spec, times: 3 });

    const answer = await harness(cloud).post(p1Request());

    expect(answer.status).toBe(201);
    expect(storedLogstores(cloud)).toHaveLength(1);
    const retried = cloud.control
      .requests()
      .filter((entry) => entry.fault !== undefined);
    expect(retried).toHaveLength(3);
  });

  it('reads before retrying a create whose answer was lost (drop after)', async () => {
    fault({
      operation: 'CreateLogStore',
      action: { kind: 'drop' },
      phase: 'after',
      times: 1,
    });

    const answer = await harness(cloud).post(p1Request());

    expect(answer.status).toBe(201);
    expect(storedLogstores(cloud)).toHaveLength(1);
    expect(slsOperations()).toEqual([
      'GetLogStore',
      'CreateLogStore',
      'GetLogStore',
    ]);
  });

  it('reads before retrying a create that timed out after landing', async () => {
    fault({
      operation: 'CreateLogStore',
      action: { kind: 'hang' },
      phase: 'after',
      times: 1,
    });

    const answer = await harness(cloud).post(p1Request());

    expect(answer.status).toBe(201);
    expect(storedLogstores(cloud)).toHaveLength(1);
    expect(slsOperations()).toEqual([
      'GetLogStore',
      'CreateLogStore',
      'GetLogStore',
    ]);
  });

  it('two concurrent identical requests: one create, two successes', async () => {
    cloud.control.faults.add({
      service: 'kms',
      operation: 'DescribeKey',
      action: { kind: 'latency', ms: 200 },
    });
    const fn = harness(cloud);

    const answers = await Promise.all([
      fn.post(p1Request()),
      fn.post(p1Request()),
    ]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(storedLogstores(cloud)).toHaveLength(1);
    const landed = cloud.control
      .requests({ service: 'sls', operation: 'CreateLogStore' })
      .filter((entry) => entry.status === 200);
    expect(landed).toHaveLength(1);
  });
});

describe("SLS's momentary read and write quotas", () => {
  it.each([
    ['GetLogStore', 'ReadQuotaExceed'],
    ['CreateLogStore', 'WriteQuotaExceed'],
  ])(
    'retries a 403 %s answered with %s as throttling',
    async (operation, code) => {
      fault({
        operation,
        match: { logstore: 'rq-1' },
        action: { kind: 'error', status: 403, code },
        times: 1,
      });

      const answer = await harness(cloud).post(
        p1Request({ logstoreName: 'rq-1' }),
      );

      expect(answer.status).toBe(201);
      expect(storedLogstores(cloud)).toHaveLength(1);
    },
  );

  it('answers 503 with Retry-After when the read quota outlasts the budget', async () => {
    fault({
      operation: 'GetLogStore',
      action: { kind: 'error', status: 403, code: 'ReadQuotaExceed' },
    });
    const fn = harness(cloud, {}, { timeout: 3 });

    const answer = await fn.post(p1Request());

    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'unavailable' });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('throws for the queue, so the message is redelivered, not lost', async () => {
    fault({
      operation: 'GetLogStore',
      action: { kind: 'error', status: 403, code: 'ReadQuotaExceed' },
    });
    const fn = harness(cloud, {}, { timeout: 3 });
    const event = mnsQueueEvent(JSON.stringify(p1Request()), {
      messageId: 'M-QUOTA',
    });

    await expect(fn.invoke(event)).rejects.toThrow(/failed transiently/);

    expect(storedLogstores(cloud)).toHaveLength(0);
  });
});

describe('answers SLS gives against expectations', () => {
  it('answers 502 upstream_error when SLS answers something unreadable', async () => {
    fault({
      operation: 'GetLogStore',
      action: { kind: 'reply', status: 400, body: '<html>proxy error</html>' },
    });

    const answer = await harness(cloud).post(p1Request());

    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({
      outcome: 'failed',
      code: 'upstream_error',
    });
    expect(JSON.stringify(answer.body)).not.toContain('proxy');
  });
});

describe('when transient failures outlast the budget', () => {
  it('answers HTTP with 503 and Retry-After, having created nothing', async () => {
    fault({ operation: 'GetLogStore', action: { kind: 'throttle' } });
    const fn = harness(cloud, {}, { timeout: 3 });

    const answer = await fn.post(p1Request());

    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      outcome: 'failed',
      code: 'unavailable',
    });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(storedLogstores(cloud)).toHaveLength(0);
  });

  it('throws for the queue after processing the rest of the batch', async () => {
    fault({
      operation: 'GetLogStore',
      match: { logstore: 'app-audit' },
      action: { kind: 'server-error' },
    });
    const fn = harness(cloud, {}, { timeout: 6 });
    const batch = [
      mnsQueueEvent(JSON.stringify(p1Request()), { messageId: 'M-STUCK' }),
      mnsQueueEvent(
        JSON.stringify(p1Request({ logstoreName: 'app-audit-2' })),
        {
          messageId: 'M-FINE',
        },
      ),
    ];

    await expect(fn.invoke(batch)).rejects.toThrow(
      /1 of 2 message\(s\) failed transiently \(M-STUCK\)/,
    );

    expect(storedLogstores(cloud).map((l) => l.logstoreName)).toEqual([
      'app-audit-2',
    ]);
    const lines = fn.lines
      .records()
      .filter((r) => r.event === 'provision.outcome');
    expect(lines.map((r) => [r.messageId, r.outcome, r.code])).toEqual([
      ['M-STUCK', 'failed', 'unavailable'],
      ['M-FINE', 'created', undefined],
    ]);
  });
});

describe('GetLogStore answers that describe no usable Logstore', () => {
  it.each([
    ['an array', '[]'],
    ['null', 'null'],
    ['a number for the name', '{"logstoreName":5}'],
    [
      'another Logstore',
      '{"logstoreName":"x","ttl":30,"shardCount":2,"encrypt_conf":' +
        '{"enable":true,"encrypt_type":"sm4_gcm","user_cmk_info":null}}',
    ],
  ])('answers 502 upstream_error for %s, creating nothing', async (_, body) => {
    fault({
      operation: 'GetLogStore',
      action: { kind: 'reply', status: 200, body },
    });
    const fn = harness(cloud);

    const post = await fn.post(p1Request({ logstoreName: 'app-new' }));
    const get = await fn.http('GET', '/logstores/demo-proj/app-new');

    for (const answer of [post, get]) {
      expect(answer.status).toBe(502);
      expect(answer.body).toMatchObject({
        outcome: 'failed',
        code: 'upstream_error',
      });
    }
    expect(storedLogstores(cloud)).toHaveLength(0);
  });
});
