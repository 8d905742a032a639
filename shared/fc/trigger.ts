import { type DecodedEvent, decodeEvent } from './decode.ts';
import {
  type HttpRequest,
  isHttpTriggerEvent,
  toHttpRequest,
} from './http-event.ts';

/**
 * What invoked the function, told apart by the event's own shape
 * (platform-facts §4). One function can sit behind several triggers; each
 * handler picks the kinds it serves and refuses the rest.
 */
export interface CloudEventEnvelope {
  readonly id: string;
  readonly source: string;
  readonly specversion: string;
  readonly type: string;
  readonly subject?: string;
  readonly time?: string;
  readonly data: unknown;
}

/** One message from the MNS topic trigger. */
export interface TopicMessage {
  /** Absent in STREAM format, which carries no message id. */
  readonly messageId?: string;
  readonly body: string;
}

export type Trigger =
  | { readonly kind: 'http'; readonly request: HttpRequest }
  | {
      readonly kind: 'timer';
      readonly triggerTime: string;
      readonly triggerName: string;
      /** FC always sends a string; empty when the event held no string. */
      readonly payload: string;
      /** The payload as it came when it was neither a string nor null:
       * a hand-written event may hold JSON where FC puts a string. */
      readonly payloadValue?: unknown;
    }
  | {
      readonly kind: 'cloudevents';
      /** EventBridge's event-streaming mode delivers an array. */
      readonly batch: boolean;
      readonly events: readonly CloudEventEnvelope[];
    }
  | {
      readonly kind: 'mns-topic';
      readonly format: 'json' | 'stream';
      readonly message: TopicMessage;
    }
  /** A direct invoke, or a topic's STREAM text: the payload itself. */
  | { readonly kind: 'direct'; readonly event: DecodedEvent };

export type TriggerKind = Trigger['kind'];

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCloudEvent = (value: unknown): value is CloudEventEnvelope =>
  isRecord(value) &&
  typeof value.specversion === 'string' &&
  typeof value.type === 'string' &&
  typeof value.id === 'string' &&
  typeof value.source === 'string';

const isTimer = (value: Json): boolean =>
  typeof value.triggerTime === 'string' &&
  typeof value.triggerName === 'string' &&
  'payload' in value;

/** `{TopicOwner, Message, MessageId, ...}` from a topic in JSON format. */
const isTopicJson = (value: Json): boolean =>
  typeof value.TopicOwner === 'string' &&
  typeof value.Message === 'string' &&
  typeof value.MessageId === 'string';

/** `{body, attrs}`: a STREAM-format message sent with attributes. */
const isTopicStreamWithAttributes = (value: Json): boolean => {
  const keys = Object.keys(value).sort();
  return (
    keys.length === 2 &&
    keys[0] === 'attrs' &&
    keys[1] === 'body' &&
    typeof value.body === 'string' &&
    isRecord(value.attrs)
  );
};

export const classifyDecoded = (decoded: DecodedEvent): Trigger => {
  const json = decoded.json;
  if (Array.isArray(json) && json.length > 0 && json.every(isCloudEvent)) {
    return { kind: 'cloudevents', batch: true, events: json };
  }
  if (!isRecord(json)) return { kind: 'direct', event: decoded };
  if (isHttpTriggerEvent(json)) {
    return { kind: 'http', request: toHttpRequest(json) };
  }
  if (isCloudEvent(json)) {
    return { kind: 'cloudevents', batch: false, events: [json] };
  }
  if (isTimer(json)) {
    return {
      kind: 'timer',
      triggerTime: String(json.triggerTime),
      triggerName: String(json.triggerName),
      payload: typeof json.payload === 'string' ? json.payload : '',
      ...(typeof json.payload === 'string' ||
      json.payload === null ||
      json.payload === undefined
        ? {}
        : { payloadValue: json.payload }),
    };
  }
  if (isTopicJson(json)) {
    return {
      kind: 'mns-topic',
      format: 'json',
      message: {
        messageId: String(json.MessageId),
        body: String(json.Message),
      },
    };
  }
  if (isTopicStreamWithAttributes(json)) {
    return {
      kind: 'mns-topic',
      format: 'stream',
      message: { body: String(json.body) },
    };
  }
  return { kind: 'direct', event: decoded };
};

export const classifyEvent = (event: unknown): Trigger =>
  classifyDecoded(decodeEvent(event));
