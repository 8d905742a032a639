import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENCRYPT_TYPES } from '../../../shared/encrypt-types.ts';
import { validateRequest } from '../../../shared/provision/validate.ts';
import { byokRequest } from './fakes.ts';

/**
 * The validator meets whatever a queue or a caller sends. Thousands of
 * random and mutated requests must never make it throw, and every refusal
 * must say where and why.
 */
const FIELDS = [
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
const mutated = fc
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

const checkAnswer = (input: unknown) => {
  const result = validateRequest(input);
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(typeof error.path).toBe('string');
    expect(error.rule).toMatch(/^[a-z_]+$/);
    expect(error.message.length).toBeGreaterThan(0);
  }
};

// Generation dominates the run time, not the validator (about 0.2 ms).
const FUZZ_TIMEOUT_MS = 60_000;

describe('validateRequest under fuzzing', () => {
  it(
    'never throws on arbitrary JSON values and explains every refusal',
    () => {
      fc.assert(fc.property(fc.jsonValue(), checkAnswer), { numRuns: 2_000 });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never throws on arbitrary values, prototypes and odd numbers included',
    () => {
      fc.assert(fc.property(fc.anything(), checkAnswer), { numRuns: 1_000 });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never throws on mutated valid requests and explains every refusal',
    () => {
      fc.assert(fc.property(mutated, checkAnswer), { numRuns: 3_000 });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'accepts exactly what it returns unchanged: valid requests round-trip',
    () => {
      fc.assert(
        fc.property(mutated, (input) => {
          const result = validateRequest(input);
          if (result.ok) {
            expect(validateRequest(result.request).ok).toBe(true);
            expect(result.request).toEqual(input);
          }
        }),
        { numRuns: 1_000 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
