import type { Trigger } from '../../shared/fc/trigger.ts';
import { kmsChangeOf } from '../../shared/health/kms-event.ts';
import type { RunRequest } from '../../shared/health/run.ts';
import {
  DEFAULT_RUN_OPTIONS,
  optionsFromObject,
  optionsFromText,
  type ParsedOptions,
} from '../../shared/health/run-options.ts';

/**
 * What key-health is asked to do, from the trigger that invoked it: a
 * timer's `payload` string or a direct invoke's body holds run options;
 * EventBridge CloudEvents carry ActionTrail records of KMS calls. A bad
 * option never stops the run: it falls back to the default with a warning.
 */
/**
 * FC's timer payload is a string (K1). A hand-written event may hold a
 * JSON object instead: it is read as the options it plainly means, and a
 * warning says so, so the difference is seen before it matters.
 */
const timerOptions = (
  trigger: Extract<Trigger, { kind: 'timer' }>,
): ParsedOptions => {
  const value = trigger.payloadValue;
  if (value === undefined) return optionsFromText(trigger.payload);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      options: DEFAULT_RUN_OPTIONS,
      warnings: ['the timer payload is not a string; using defaults'],
    };
  }
  const parsed = optionsFromObject(value);
  return {
    options: parsed.options,
    warnings: [
      'the timer payload is a JSON object, not a string as FC sends it; ' +
        'read it as run options',
      ...parsed.warnings,
    ],
  };
};

/**
 * A direct invoke's body is the options object; a body that is a JSON
 * string (the timer's payload form, copied into an event file) is read
 * as the options it holds, with a warning.
 */
const invokeOptions = (
  trigger: Extract<Trigger, { kind: 'direct' }>,
): ParsedOptions => {
  const { event } = trigger;
  if (!event.isJson) return optionsFromText(event.text);
  if (typeof event.json !== 'string') return optionsFromObject(event.json);
  const parsed = optionsFromText(event.json);
  return {
    options: parsed.options,
    warnings: [
      'the invoke body is a JSON string, as a timer payload is; read the ' +
        'options inside it',
      ...parsed.warnings,
    ],
  };
};

export const runRequestOf = (trigger: Trigger): RunRequest => {
  switch (trigger.kind) {
    case 'timer':
      return { kind: 'scan', trigger: 'timer', ...timerOptions(trigger) };
    case 'cloudevents': {
      const changes = [];
      const warnings = [];
      for (const event of trigger.events) {
        const result = kmsChangeOf(event);
        if ('change' in result) changes.push(result.change);
        else warnings.push(result.ignored);
      }
      return { kind: 'keys', changes, warnings };
    }
    case 'direct':
      return { kind: 'scan', trigger: 'invoke', ...invokeOptions(trigger) };
    default:
      // key-health has no HTTP or topic trigger; a run on defaults is
      // still better than none, and the warning says what arrived.
      return {
        kind: 'scan',
        trigger: 'invoke',
        ...optionsFromText(''),
        warnings: [`a ${trigger.kind} event is not a key-health trigger`],
      };
  }
};
