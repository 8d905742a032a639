import { pino } from 'pino';
import { scrub } from './secrets.ts';

/**
 * JSON lines with a stable `event` name, the `requestId`, the outcome and a
 * duration. Each line is scrubbed of registered secrets on its way out.
 */
export type Logger = pino.Logger;

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; standard output by default. */
  readonly destination?: pino.DestinationStream;
  readonly bindings?: Record<string, unknown>;
}

const errorFields = (error: unknown): Record<string, unknown> => {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = {
    type: error.name,
    message: error.message,
    stack: error.stack,
  };
  for (const key of ['code', 'status', 'retryable'] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined) fields[key] = value;
  }
  if (error.cause !== undefined) fields.cause = errorFields(error.cause);
  return fields;
};

export const createLogger = (options: LoggerOptions = {}): Logger =>
  pino(
    {
      level: options.level ?? process.env.KEYGUARD_LOG_LEVEL ?? 'info',
      base: options.bindings ?? null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorFields, error: errorFields },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination({ sync: true }),
  );

/** Collects lines in memory, for tests that assert on what was logged. */
export const memoryDestination = (): pino.DestinationStream & {
  readonly lines: string[];
  records(): Record<string, unknown>[];
} => {
  const lines: string[] = [];
  return {
    lines,
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) lines.push(line);
    },
    records: () => lines.map((line) => JSON.parse(line)),
  };
};
