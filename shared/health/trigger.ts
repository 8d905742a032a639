import { isCloudEvent, type KmsChange, kmsChangeOf } from './kms-event.ts';
import {
  optionsFromObject,
  optionsFromText,
  type RunOptions,
} from './run-options.ts';

/**
 * What started a run, read from the raw event bytes FC hands over: a
 * timer (`{triggerTime, triggerName, payload}` with `payload` a string),
 * one or more EventBridge CloudEvents carrying ActionTrail KMS records,
 * or a direct invoke whose body is the run options themselves.
 */
export type Trigger =
  | {
      readonly kind: 'timer';
      readonly triggerName: string;
      readonly options: RunOptions;
      readonly warnings: readonly string[];
    }
  | {
      readonly kind: 'invoke';
      readonly options: RunOptions;
      readonly warnings: readonly string[];
    }
  | {
      readonly kind: 'kms_event';
      readonly changes: readonly KmsChange[];
      /** Why events that were not key changes were skipped. */
      readonly warnings: readonly string[];
    };

const isTimer = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  'triggerTime' in value &&
  'triggerName' in value;

const fromEvents = (events: readonly unknown[]): Trigger => {
  const changes: KmsChange[] = [];
  const warnings: string[] = [];
  for (const event of events) {
    const result = kmsChangeOf(event);
    if ('change' in result) changes.push(result.change);
    else warnings.push(result.ignored);
  }
  return { kind: 'kms_event', changes, warnings };
};

export const decodeTrigger = (raw: Buffer | string | undefined): Trigger => {
  const text = raw === undefined ? '' : raw.toString();
  if (text.trim() === '') return { kind: 'invoke', ...optionsFromText('') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invoke', ...optionsFromText(text) };
  }
  if (isTimer(value)) {
    const payload = value.payload;
    const parsed =
      typeof payload === 'string'
        ? optionsFromText(payload)
        : payload === undefined || payload === null
          ? optionsFromText('')
          : optionsFromObject(payload);
    return {
      kind: 'timer',
      triggerName: String(value.triggerName),
      ...parsed,
    };
  }
  if (isCloudEvent(value)) return fromEvents([value]);
  if (Array.isArray(value) && value.length > 0 && value.every(isCloudEvent)) {
    return fromEvents(value);
  }
  return { kind: 'invoke', ...optionsFromObject(value) };
};
