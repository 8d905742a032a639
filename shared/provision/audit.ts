import type { Logger } from '../logging.ts';
import type { Answer } from './answer.ts';

/**
 * The one audit line every request or queue message ends with: what was
 * asked (project, Logstore), what came of it, and how long it took.
 */
const textField = (input: unknown, key: string): string | undefined => {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as Record<string, unknown>)[key];
  // Names are short; anything else is left out rather than echoed.
  return typeof value === 'string' && value.length <= 128 ? value : undefined;
};

export const logOutcome = (
  logger: Logger,
  answer: Answer,
  fields: {
    readonly input?: unknown;
    readonly durationMs: number;
    readonly trigger: string;
    readonly messageId?: string;
  },
): void => {
  const line = {
    event: 'provision.outcome',
    trigger: fields.trigger,
    ...(fields.messageId === undefined ? {} : { messageId: fields.messageId }),
    project: answer.logstore?.project ?? textField(fields.input, 'project'),
    logstore:
      answer.logstore?.logstoreName ?? textField(fields.input, 'logstoreName'),
    outcome: answer.outcome,
    status: answer.status,
    ...(answer.code === undefined ? {} : { code: answer.code }),
    ...(answer.code === undefined ? {} : { reason: answer.message }),
    ...(answer.errors === undefined
      ? {}
      : {
          errors: answer.errors.map(({ path, rule }) => ({ path, rule })),
        }),
    ...(answer.errorsOmitted === undefined
      ? {}
      : { errorsOmitted: answer.errorsOmitted }),
    ...(answer.dryRun === true ? { dryRun: true } : {}),
    durationMs: fields.durationMs,
  };
  if (answer.status >= 500) logger.error(line);
  else logger.info(line);
};
