import fc from 'fast-check';
import { ENCRYPT_TYPES } from '../../../shared/encrypt-types.ts';
import { byokRequest } from './fakes.ts';

/**
 * Requests for fuzzing: a valid BYOK request with one to three fields
 * replaced by odd values, removed, or joined by unknown keys.
 */
export const FIELDS = [
  'project',
  'region',
  'logstoreName',
  'ttl',
  'shardCount',
  'autoSplit',
  'maxSplitShard',
  'hot_ttl',
  'mode',
  'telemetryType',
  'appendMeta',
  'enable_tracking',
  'infrequentAccessTTL',
  'encrypt_conf',
  'dryRun',
] as const;

const oddValue = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.integer({ min: -10_000, max: 10_000 }),
  fc.double(),
  fc.constantFrom(
    '',
    'true',
    '30',
    null,
    -1,
    0,
    3650,
    3651,
    1e308,
    '__proto__',
  ),
  fc.constantFrom(...ENCRYPT_TYPES),
);

/** A valid request with one to three fields replaced, removed or added. */
export const mutatedRequest = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('set'),
        field: fc.constantFrom(...FIELDS),
        value: oddValue,
      }),
      fc.record({
        kind: fc.constant('drop'),
        field: fc.constantFrom(...FIELDS),
      }),
      fc.record({
        kind: fc.constant('add'),
        field: fc.string(),
        value: oddValue,
      }),
      fc.record({
        kind: fc.constant('cmk'),
        field: fc.constantFrom('cmk_key_id', 'arn', 'region_id', 'extra'),
        value: oddValue,
      }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((steps) => {
    const request: Record<string, unknown> = structuredClone(byokRequest());
    for (const step of steps) {
      if (step.kind === 'drop') delete request[step.field];
      else if (step.kind === 'cmk') {
        const conf = request.encrypt_conf as
          | Record<string, unknown>
          | undefined;
        const cmk = conf?.user_cmk_info as Record<string, unknown> | undefined;
        if (cmk !== undefined) cmk[step.field] = step.value;
      } else request[step.field] = step.value;
    }
    return request;
  });
