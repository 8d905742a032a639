import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKmsTime } from '../../../shared/kms/kms-time.ts';

describe('reading a KMS time', () => {
  it('reads every time KMS writes back to the same instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const written = date.toISOString();

          expect(parseKmsTime(written)).toBe(date.getTime());
          expect(parseKmsTime(`${written.slice(0, 19)}Z`)).toBe(
            Math.floor(date.getTime() / 1_000) * 1_000,
          );
        },
      ),
    );
  });

  it.each([
    ['a date that does not exist', '2025-02-30T00:00:00Z'],
    ['hour 24', '2025-01-01T24:00:00Z'],
    ['minute 60', '2025-01-01T10:60:00Z'],
    ['month 13', '2025-13-01T00:00:00Z'],
    ['words around a year', 'foo 2099'],
    ['a bare number', '1'],
    ['no time zone', '2025-01-01T00:00:00'],
  ])('refuses %s', (_, text) => {
    expect(parseKmsTime(text)).toBeUndefined();
  });

  it('takes a leap day and an offset', () => {
    expect(parseKmsTime('2024-02-29T10:00Z')).toBe(
      Date.parse('2024-02-29T10:00:00Z'),
    );
    expect(parseKmsTime('2025-01-01T08:00:00+08:00')).toBe(
      Date.parse('2025-01-01T00:00:00Z'),
    );
  });
});
