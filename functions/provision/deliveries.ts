import { decodeMessageBody } from '../../shared/fc/decode.ts';
import type { CloudEventEnvelope, Trigger } from '../../shared/fc/trigger.ts';

/**
 * The queue side's unit of work: one message, its id for the audit line,
 * and the decoded request or why it could not be decoded. EventBridge
 * CloudEvents from an MNS queue (one or a batch), the MNS topic trigger
 * (JSON or STREAM format) and a bare request on direct invoke all become
 * deliveries.
 */
export type Payload =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly code: 'invalid_json' | 'unsupported_event';
      readonly reason: string;
    };

export interface Delivery {
  readonly messageId: string;
  readonly payload: Payload;
}

export const MNS_QUEUE_EVENT = 'mns:Queue:SendMessage';

const fromBody = (body: string): Payload => {
  const decoded = decodeMessageBody(body);
  return decoded.ok
    ? decoded
    : { ok: false, code: 'invalid_json', reason: decoded.reason };
};

const fromCloudEvent = (event: CloudEventEnvelope): Delivery => {
  const data =
    typeof event.data === 'object' && event.data !== null
      ? (event.data as Record<string, unknown>)
      : {};
  const messageId =
    typeof data.messageId === 'string' ? data.messageId : event.id;
  if (event.type !== MNS_QUEUE_EVENT) {
    return {
      messageId,
      payload: {
        ok: false,
        code: 'unsupported_event',
        reason: `unsupported event type ${event.type.slice(0, 80)}`,
      },
    };
  }
  if (typeof data.messageBody !== 'string') {
    return {
      messageId,
      payload: {
        ok: false,
        code: 'invalid_json',
        reason: 'the event has no data.messageBody string',
      },
    };
  }
  return { messageId, payload: fromBody(data.messageBody) };
};

/** Every trigger kind but HTTP; `fallbackId` is the invocation's id. */
export const deliveriesOf = (
  trigger: Exclude<Trigger, { kind: 'http' }>,
  fallbackId: string,
): Delivery[] => {
  switch (trigger.kind) {
    case 'cloudevents':
      return trigger.events.map(fromCloudEvent);
    case 'mns-topic':
      return [
        {
          messageId: trigger.message.messageId ?? fallbackId,
          payload: fromBody(trigger.message.body),
        },
      ];
    case 'timer':
      return [
        {
          messageId: fallbackId,
          payload: {
            ok: false,
            code: 'unsupported_event',
            reason: 'the provisioning function has no timer work',
          },
        },
      ];
    case 'direct':
      return [
        {
          messageId: fallbackId,
          payload: trigger.event.isJson
            ? { ok: true, value: trigger.event.json }
            : fromBody(trigger.event.text),
        },
      ];
  }
};
