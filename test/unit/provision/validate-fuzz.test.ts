import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../shared/provision/validate.ts';
import { mutatedRequest } from './arbitraries.ts';

/**
 * The validator meets whatever a queue or a caller sends. Thousands of
 * random and mutated requests must never make it throw, and every refusal
 * must say where and why.
 */
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
      fc.assert(fc.property(mutatedRequest, checkAnswer), { numRuns: 3_000 });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'accepts exactly what it returns unchanged: valid requests round-trip',
    () => {
      let valid = 0;
      fc.assert(
        fc.property(mutatedRequest, (input) => {
          const result = validateRequest(input);
          if (result.ok) {
            valid += 1;
            expect(validateRequest(result.request).ok).toBe(true);
            expect(result.request).toEqual(input);
          }
        }),
        { numRuns: 1_000 },
      );

      // About one mutated request in ten is still valid (78 to 105 of
      // 1,000 on five seeds); without them the round trip checks nothing.
      expect(valid).toBeGreaterThan(20);
    },
    FUZZ_TIMEOUT_MS,
  );
});
