import type { Trigger } from '../../shared/fc/trigger.ts';
import { kmsChangeOf } from '../../shared/health/kms-event.ts';
import type { RunRequest } from '../../shared/health/run.ts';
import {
  optionsFromObject,
  optionsFromText,
} from '../../shared/health/run-options.ts';

/**
 * What key-health is asked to do, from the trigger that invoked it: a
 * timer's `payload` string or a direct invoke's body holds run options;
 * EventBridge CloudEvents carry ActionTrail records of KMS calls. A bad
 * option never stops the run: it falls back to the default with a warning.
 */
export const runRequestOf = (trigger: Trigger): RunRequest => {
  switch (trigger.kind) {
    case 'timer':
      return {
        kind: 'scan',
        trigger: 'timer',
        ...optionsFromText(trigger.payload),
      };
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
      return {
        kind: 'scan',
        trigger: 'invoke',
        ...(trigger.event.isJson
          ? optionsFromObject(trigger.event.json)
          : optionsFromText(trigger.event.text)),
      };
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
