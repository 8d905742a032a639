import { z } from 'zod';
import { CHANNEL_TYPES } from '../shared/channels/types.ts';
import { problemOf } from './control-schemas.ts';
import type { FaultSpec } from './fault-spec.ts';
import { OPERATIONS as KMS_OPERATIONS } from './kms/operations/index.ts';
import { SLS_OPERATIONS } from './sls/routes.ts';

/**
 * What a fault may say, checked before it is added. A fault that names an
 * operation its service does not serve, a phase that does not exist or a
 * misspelt key would be stored and never fire, so a test with a typo in
 * its fault would pass without the fault; each is refused by its path.
 */
const status = z.number().int().min(100).max(599);

// Node refuses to send a header whose name is not an HTTP token or whose
// value holds a control character, and drops the connection instead.
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, {
  error: 'must be an HTTP header name',
});
const headerValue = z.string().regex(/^[\t\x20-\x7e\x80-\xff]*$/, {
  error: 'must hold no line break or control character',
});

const action = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('latency'), ms: z.number().min(0).max(600_000) })
    .strict(),
  z.object({ kind: z.literal('hang') }).strict(),
  z.object({ kind: z.literal('throttle') }).strict(),
  z.object({ kind: z.literal('server-error') }).strict(),
  z
    .object({
      kind: z.literal('error'),
      status,
      code: z.string().min(1),
      message: z.string().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('drop') }).strict(),
  z
    .object({
      kind: z.literal('reply'),
      status,
      body: z.string(),
      headers: z.record(headerName, headerValue).optional(),
    })
    .strict(),
]);

const common = {
  match: z.record(z.string(), z.string()).optional(),
  action,
  phase: z.enum(['before', 'after']).optional(),
  times: z.number().int().positive().optional(),
  share: z.number().gt(0).max(1).optional(),
};

/** The operation names each service's request log and faults use. */
export const FAULT_OPERATIONS = {
  sls: SLS_OPERATIONS,
  kms: Object.keys(KMS_OPERATIONS) as [string, ...string[]],
  sink: CHANNEL_TYPES,
} as const;

const on = <S extends keyof typeof FAULT_OPERATIONS>(service: S) =>
  z
    .object({
      service: z.literal(service),
      operation: z.enum(FAULT_OPERATIONS[service]).optional(),
      ...common,
    })
    .strict();

export const faultSchema = z.discriminatedUnion('service', [
  on('sls'),
  on('kms'),
  on('sink'),
]);

export class InvalidFaultError extends Error {
  readonly code = 'invalid_fault';
  readonly retryable = false;
  readonly status = 400;
}

/** The fault as given, or an InvalidFaultError naming its first problem. */
export const parseFault = (input: unknown): FaultSpec => {
  const result = faultSchema.safeParse(input);
  if (!result.success) throw new InvalidFaultError(problemOf(result.error));
  return result.data as FaultSpec;
};
