import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Key-health's timer as s.yaml deploys it. Without the KMS event rule, a
 * disabled key is found by the next timer run, so time to alert is held
 * against this interval, not against `npm start`'s shorter local one.
 */
const S_YAML = path.join(import.meta.dirname, '..', 's.yaml');

const UNIT_SECONDS = { h: 3_600, m: 60, s: 1 } as const;

/** Seconds of an FC timer's `@every 10m` or `@every 1h30m`. */
export const everySeconds = (cronExpression: string): number => {
  const spec = /^@every\s+((?:\d+[hms])+)$/.exec(cronExpression.trim())?.[1];
  if (spec === undefined) {
    throw new Error(
      `the timer's cronExpression ${cronExpression} is not @every <interval>`,
    );
  }
  let seconds = 0;
  for (const [, count, unit] of spec.matchAll(/(\d+)([hms])/g)) {
    seconds += Number(count) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
  }
  if (seconds === 0) throw new Error(`${cronExpression} is no interval`);

  return seconds;
};

interface Trigger {
  readonly triggerType?: unknown;
  readonly triggerConfig?: { readonly cronExpression?: unknown };
}

/** The interval of key-health's timer trigger in s.yaml, in seconds. */
export const deployedTimerSeconds = (file = S_YAML): number => {
  const doc = parse(readFileSync(file, 'utf8')) as {
    resources?: {
      'key-health'?: { props?: { triggers?: readonly Trigger[] } };
    };
  };
  const triggers = doc.resources?.['key-health']?.props?.triggers ?? [];
  const cron = triggers.find((t) => t.triggerType === 'timer')?.triggerConfig
    ?.cronExpression;
  if (typeof cron !== 'string') {
    throw new Error(`${file} gives key-health no timer trigger`);
  }

  return everySeconds(cron);
};
