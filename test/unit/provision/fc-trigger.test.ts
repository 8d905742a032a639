import { describe, expect, it } from 'vitest';
import { decodeMessageBody } from '../../../shared/fc/decode.ts';
import { classifyEvent } from '../../../shared/fc/trigger.ts';
import { eventBuffer, P1_REQUEST } from '../../fixtures/events/index.ts';

describe('classifyEvent', () => {
  it('reads an HTTP trigger event with base64 body and any header case (P8)', () => {
    const trigger = classifyEvent(eventBuffer('httpPostMinimal'));

    if (trigger.kind !== 'http') throw new Error(`got ${trigger.kind}`);
    expect(trigger.request.method).toBe('POST');
    expect(trigger.request.path).toBe('/logstores');
    expect(trigger.request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(trigger.request.body.toString())).toEqual(P1_REQUEST);
  });

  it('reads a full HTTP trigger event with a plain body', () => {
    const trigger = classifyEvent(eventBuffer('httpPost'));

    if (trigger.kind !== 'http') throw new Error(`got ${trigger.kind}`);
    expect(trigger.request.headers['user-agent']).toBe('curl/8.5.0');
    expect(trigger.request.sourceIp).toBe('203.0.113.7');
    expect(JSON.parse(trigger.request.body.toString())).toEqual(P1_REQUEST);
  });

  it('reads one EventBridge CloudEvent and a batch of them', () => {
    const one = classifyEvent(eventBuffer('queueBase64'));
    const batch = classifyEvent(eventBuffer('queueBatch'));

    expect(one).toMatchObject({ kind: 'cloudevents', batch: false });
    expect(batch).toMatchObject({ kind: 'cloudevents', batch: true });
    if (batch.kind !== 'cloudevents') throw new Error('unexpected');
    expect(batch.events.map((e) => e.type)).toEqual([
      'mns:Queue:SendMessage',
      'mns:Queue:SendMessage',
    ]);
  });

  it('reads the MNS topic trigger in JSON and STREAM formats', () => {
    expect(classifyEvent(eventBuffer('topicJson'))).toMatchObject({
      kind: 'mns-topic',
      format: 'json',
      message: { messageId: 'TOPIC-MSG-0001' },
    });
    expect(
      classifyEvent(eventBuffer('topicStreamWithAttributes')),
    ).toMatchObject({ kind: 'mns-topic', format: 'stream' });
    // STREAM text without attributes is the request itself.
    expect(classifyEvent(eventBuffer('topicStream'))).toMatchObject({
      kind: 'direct',
      event: { isJson: true, json: P1_REQUEST },
    });
  });

  it('reads a timer event and a bare request on direct invoke', () => {
    expect(classifyEvent(eventBuffer('timer'))).toMatchObject({
      kind: 'timer',
      triggerName: 'every-10m',
      payload: '',
    });
    expect(classifyEvent(eventBuffer('direct'))).toMatchObject({
      kind: 'direct',
    });
  });

  it('keeps non-JSON text as a direct event without throwing', () => {
    expect(classifyEvent(Buffer.from('{"project":'))).toMatchObject({
      kind: 'direct',
      event: { isJson: false, text: '{"project":' },
    });
    expect(classifyEvent(Buffer.alloc(0))).toMatchObject({
      kind: 'direct',
      event: { isJson: false, text: '' },
    });
  });
});

describe('decodeMessageBody', () => {
  it('takes plain JSON and base64 of JSON alike', () => {
    const text = JSON.stringify(P1_REQUEST);

    expect(decodeMessageBody(text)).toEqual({ ok: true, value: P1_REQUEST });
    expect(decodeMessageBody(Buffer.from(text).toString('base64'))).toEqual({
      ok: true,
      value: P1_REQUEST,
    });
  });

  it('refuses text that is neither, with a reason', () => {
    expect(decodeMessageBody('not json')).toMatchObject({ ok: false });
    expect(decodeMessageBody('')).toMatchObject({
      ok: false,
      reason: 'the message body is empty',
    });
  });
});
