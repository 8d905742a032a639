import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mnsQueueEvent } from '../../../emulator/fc-runtime.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { eventBuffer, eventJson } from '../../fixtures/events/index.ts';
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

const outcomes = (fn: ReturnType<typeof harness>) =>
  fn.lines
    .records()
    .filter((r) => r.event === 'provision.outcome')
    .map((r) => ({ messageId: r.messageId, outcome: r.outcome, code: r.code }));

describe('P6: the queue envelope', () => {
  it.each([
    ['a base64 message body', 'queueBase64', 'MSG-0001'],
    ['a plain JSON message body', 'queuePlain', 'MSG-0002'],
  ] as const)('creates one Logstore from %s', async (_, fixture, messageId) => {
    const fn = harness(cloud);

    const result = await fn.invoke(eventBuffer(fixture));

    expect(result).toMatchObject({
      messages: [{ messageId, outcome: 'created', status: 201 }],
    });
    expect(storedLogstores(cloud)).toHaveLength(1);
    expect(outcomes(fn)).toEqual([
      { messageId, outcome: 'created', code: undefined },
    ]);
  });

  it('ends a body that is not JSON as invalid, logged once, without throwing', async () => {
    const fn = harness(cloud);

    const result = await fn.invoke(eventBuffer('queueNotJson'));

    expect(result).toMatchObject({
      messages: [
        { messageId: 'MSG-0003', outcome: 'invalid', code: 'invalid_json' },
      ],
    });
    expect(cloud.control.requests({ service: 'sls' })).toEqual([]);
    const lines = fn.lines
      .records()
      .filter((r) => r.event === 'provision.outcome');
    expect(lines).toEqual([
      expect.objectContaining({
        messageId: 'MSG-0003',
        outcome: 'invalid',
        reason: expect.stringContaining('neither JSON nor base64'),
      }),
    ]);
  });

  it('processes a batch message by message, each with its own outcome', async () => {
    const fn = harness(cloud);

    const result = await fn.invoke(eventBuffer('queueBatch'));

    expect(result).toMatchObject({
      messages: [
        { messageId: 'MSG-0004', outcome: 'created' },
        { messageId: 'MSG-0005', outcome: 'invalid', code: 'invalid_json' },
      ],
    });
    expect(outcomes(fn).map((o) => o.messageId)).toEqual([
      'MSG-0004',
      'MSG-0005',
    ]);
  });

  it('ends an event of another type as unsupported, without throwing', async () => {
    const event = {
      ...eventJson('queuePlain'),
      type: 'oss:ObjectCreated:PutObject',
    };

    const result = await harness(cloud).invoke(event);

    expect(result).toMatchObject({
      messages: [{ outcome: 'invalid', code: 'unsupported_event' }],
    });
  });
});

describe('P7: delivered twice', () => {
  it('creates once; the redelivery ends as unchanged and nothing throws', async () => {
    const fn = harness(cloud);
    const event = eventBuffer('queueBase64');

    const first = await fn.invoke(event);
    const second = await fn.invoke(event);

    expect(first).toMatchObject({ messages: [{ outcome: 'created' }] });
    expect(second).toMatchObject({ messages: [{ outcome: 'unchanged' }] });
    expect(storedLogstores(cloud)).toHaveLength(1);
  });

  it('delivered to two instances at once: one Logstore, both succeed', async () => {
    const one = harness(cloud);
    const two = harness(cloud);
    const event = eventBuffer('queueBase64');
    // Both read "missing" before either creates: a real race on create.
    cloud.control.faults.add({
      service: 'kms',
      operation: 'DescribeKey',
      action: { kind: 'latency', ms: 200 },
    });

    const results = await Promise.all([one.invoke(event), two.invoke(event)]);

    const seen = results
      .map(
        (r) => (r as { messages: { outcome: string }[] }).messages[0]?.outcome,
      )
      .sort();
    expect(seen).toEqual(['created', 'unchanged']);
    expect(storedLogstores(cloud)).toHaveLength(1);
    const creates = cloud.control.requests({
      service: 'sls',
      operation: 'CreateLogStore',
    });
    expect(creates.map((c) => c.errorCode ?? c.status).sort()).toEqual([
      200,
      'LogStoreAlreadyExist',
    ]);
  });
});

describe('other trigger shapes', () => {
  it.each([
    ['the MNS topic JSON format', 'topicJson', 'TOPIC-MSG-0001'],
    [
      'the MNS topic STREAM format with attributes',
      'topicStreamWithAttributes',
      'req-topic',
    ],
    ['the MNS topic STREAM format as raw text', 'topicStream', 'req-topic'],
  ] as const)('creates from %s', async (_, fixture, messageId) => {
    const fn = harness(cloud);

    await fn.invoke(eventBuffer(fixture), { requestId: 'req-topic' });

    expect(storedLogstores(cloud)).toHaveLength(1);
    expect(outcomes(fn)).toEqual([
      { messageId, outcome: 'created', code: undefined },
    ]);
  });

  it('answers a bare request on direct invoke with the answer body', async () => {
    const result = await harness(cloud).invoke(eventBuffer('direct'), {
      requestId: 'req-direct',
    });

    expect(result).toMatchObject({
      requestId: 'req-direct',
      outcome: 'created',
      logstore: { logstoreName: 'app-audit' },
    });
  });

  it('answers a direct invoke that is not JSON as invalid_json', async () => {
    const result = await harness(cloud).invoke(Buffer.from('{"project":'));

    expect(result).toMatchObject({ outcome: 'invalid', code: 'invalid_json' });
  });

  it('ends a timer event as unsupported, without throwing', async () => {
    const result = await harness(cloud).invoke(eventBuffer('timer'));

    expect(result).toMatchObject({
      messages: [{ outcome: 'invalid', code: 'unsupported_event' }],
    });
  });

  it('takes the lead runtime stand-in event as well', async () => {
    const event = mnsQueueEvent(JSON.stringify(p1Request()), {
      messageId: 'M-RT',
    });

    const result = await harness(cloud).invoke(event);

    expect(result).toMatchObject({
      messages: [{ messageId: 'M-RT', outcome: 'created' }],
    });
  });
});
