import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../shared/health/dates.ts';
import {
  evaluateKey,
  type KeyRulePolicy,
} from '../../../shared/health/key-rules.ts';
import type { KeyMetadata } from '../../../shared/kms/key-metadata.ts';

const MINUTE_MS = 60_000;
const NOW = Date.parse('2025-01-01T00:00:00Z');
const policy: KeyRulePolicy = {
  expiryWarningDays: 14,
  expiryCriticalDays: 3,
  requireDeletionProtection: false,
};
const key = (fields: Partial<KeyMetadata>): KeyMetadata => ({
  keyId: 'key-demo0002',
  region: 'cn-hangzhou',
  keyState: 'Enabled',
  ...fields,
});
const iso = (ms: number): string => new Date(ms).toISOString();

describe('key rules (K2: key states)', () => {
  it('finds nothing wrong with an Enabled key', () => {
    expect(evaluateKey(key({}), policy, NOW)).toEqual([]);
  });

  it('calls a Disabled key critical because reads fail now', () => {
    const [finding] = evaluateKey(key({ keyState: 'Disabled' }), policy, NOW);

    expect(finding?.kind).toBe('key_disabled');
    expect(finding?.severity).toBe('critical');
    expect(finding?.detail).toMatch(/reads and writes .* fail now/);
  });

  it('names the date, the days left and that cancelling saves the data', () => {
    const deleteDate = iso(NOW + 6 * DAY_MS);

    const [finding] = evaluateKey(
      key({ keyState: 'PendingDeletion', deleteDate }),
      policy,
      NOW,
    );

    expect(finding?.kind).toBe('key_pending_deletion');
    expect(finding?.severity).toBe('critical');
    expect(finding?.detail).toContain('2025-01-07 00:00 UTC');
    expect(finding?.detail).toContain('6 days from now');
    expect(finding?.remedy).toMatch(/Cancel the deletion.*still saves/);
    expect(finding?.dates).toEqual([
      { label: 'Deletion date', at: NOW + 6 * DAY_MS },
    ]);
  });

  it('says a deletion date already past has passed and the data may go any moment', () => {
    const deleteDate = iso(NOW - 2 * HOUR_MS);

    const [finding] = evaluateKey(
      key({ keyState: 'PendingDeletion', deleteDate }),
      policy,
      NOW,
    );

    expect(finding?.kind).toBe('key_pending_deletion');
    expect(finding?.severity).toBe('critical');
    expect(finding?.detail).toContain('2024-12-31 22:00 UTC');
    expect(finding?.detail).toContain('has passed');
    expect(finding?.detail).toMatch(/any moment, and the data/);
    expect(finding?.detail).not.toMatch(/less than a day|from now/);
    expect(finding?.remedy).toMatch(/CancelKeyDeletion\) at once/);
    expect(finding?.remedy).not.toContain('before that date');
  });

  it('never words a past deletion date as still ahead', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * DAY_MS }), (ago) => {
        const deleteDate = iso(NOW - ago);

        const [finding] = evaluateKey(
          key({ keyState: 'PendingDeletion', deleteDate }),
          policy,
          NOW,
        );

        expect(finding?.severity).toBe('critical');
        expect(finding?.detail).toContain('has passed');
        expect(finding?.detail).not.toContain('from now');
      }),
    );
  });

  it('calls PendingImport critical', () => {
    const [finding] = evaluateKey(
      key({ keyState: 'PendingImport' }),
      policy,
      NOW,
    );

    expect(finding?.kind).toBe('key_pending_import');
    expect(finding?.severity).toBe('critical');
  });

  it('never treats a state it does not know as healthy', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1 })
          .filter(
            (s) =>
              ![
                'Enabled',
                'Disabled',
                'PendingDeletion',
                'PendingImport',
              ].includes(s),
          ),
        (state) => {
          const findings = evaluateKey(key({ keyState: state }), policy, NOW);

          expect(findings.map((f) => f.kind)).toContain('key_state_unknown');
          expect(findings[0]?.detail).toContain('Unrecognised key state');
        },
      ),
    );
  });
});

describe('key rules (K3: imported key material)', () => {
  const external = (expiresAt: number | '') =>
    key({
      origin: 'EXTERNAL',
      materialExpireTime: expiresAt === '' ? '' : iso(expiresAt),
    });

  it('warns with the date when material expires in 5 days', () => {
    const [finding] = evaluateKey(external(NOW + 5 * DAY_MS), policy, NOW);

    expect(finding?.kind).toBe('material_expiring');
    expect(finding?.severity).toBe('warning');
    expect(finding?.detail).toContain('2025-01-06 00:00 UTC');
  });

  it('stays quiet for material expiring in 30 days or never', () => {
    expect(evaluateKey(external(NOW + 30 * DAY_MS), policy, NOW)).toEqual([]);
    expect(evaluateKey(external(''), policy, NOW)).toEqual([]);
  });

  it.each(['garbage-date', 'foo 2099', '1'])(
    'warns about an expiry time it cannot read (%s), never calling the key healthy',
    (value) => {
      const meta = key({ origin: 'EXTERNAL', materialExpireTime: value });

      const findings = evaluateKey(meta, policy, NOW);

      expect(findings).toHaveLength(1);
      expect(findings[0]?.kind).toBe('material_expiry_unknown');
      expect(findings[0]?.severity).toBe('warning');
      expect(findings[0]?.detail).toContain(
        `MaterialExpireTime ${JSON.stringify(value)}`,
      );
    },
  );

  it('reads an expiry time written with an offset instead of Z', () => {
    const meta = key({
      origin: 'EXTERNAL',
      materialExpireTime: '2025-01-06T08:00:00+08:00',
    });

    const [finding] = evaluateKey(meta, policy, NOW);

    expect(finding?.kind).toBe('material_expiring');
    expect(finding?.detail).toContain('2025-01-06 00:00 UTC');
  });

  it('escalates to critical inside the critical window', () => {
    const [finding] = evaluateKey(external(NOW + 2 * DAY_MS), policy, NOW);

    expect(finding?.severity).toBe('critical');
  });

  it('follows a configured warning window', () => {
    const wide = { ...policy, expiryWarningDays: 45 };

    const [finding] = evaluateKey(external(NOW + 30 * DAY_MS), wide, NOW);

    expect(finding?.severity).toBe('warning');
  });

  it('escalates to critical at 3 days less 20 minutes, though that reads as 3 days', () => {
    const [finding] = evaluateKey(
      external(NOW + 3 * DAY_MS - 20 * MINUTE_MS),
      policy,
      NOW,
    );

    expect(finding?.severity).toBe('critical');
    expect(finding?.detail).toContain('in 3 days');
  });

  it('warns at 13 days 23 hours 40 minutes', () => {
    const [finding] = evaluateKey(
      external(NOW + 14 * DAY_MS - 20 * MINUTE_MS),
      policy,
      NOW,
    );

    expect(finding?.kind).toBe('material_expiring');
    expect(finding?.severity).toBe('warning');
  });

  it('judges the time left exactly against both windows', () => {
    const windows = fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 60 }))
      .map(([a, b]) => ({
        ...policy,
        expiryCriticalDays: Math.min(a, b),
        expiryWarningDays: Math.max(a, b),
      }));
    fc.assert(
      fc.property(
        windows,
        // Whole days give or take up to an hour: the boundaries are
        // where rounding used to decide.
        fc
          .tuple(
            fc.integer({ min: 0, max: 70 }),
            fc.integer({ min: -HOUR_MS, max: HOUR_MS }),
          )
          .map(([days, offset]) => Math.max(1, days * DAY_MS + offset)),
        (window, leftMs) => {
          const [finding] = evaluateKey(external(NOW + leftMs), window, NOW);

          const expected =
            leftMs > window.expiryWarningDays * DAY_MS
              ? undefined
              : leftMs > window.expiryCriticalDays * DAY_MS
                ? 'warning'
                : 'critical';
          expect(finding?.severity).toBe(expected);
        },
      ),
    );
  });

  it('calls material expired an hour ago critical though the key says Enabled', () => {
    const [finding] = evaluateKey(external(NOW - HOUR_MS), policy, NOW);

    expect(finding?.kind).toBe('material_expired');
    expect(finding?.severity).toBe('critical');
    expect(finding?.dates).toEqual([
      { label: 'Key material expired', at: NOW - HOUR_MS },
    ]);
  });

  it('labels a date still ahead as when the material expires', () => {
    const [finding] = evaluateKey(external(NOW + 5 * DAY_MS), policy, NOW);

    expect(finding?.dates).toEqual([
      { label: 'Key material expires', at: NOW + 5 * DAY_MS },
    ]);
  });
});

describe('key rules (deletion protection policy)', () => {
  const strict = { ...policy, requireDeletionProtection: true };

  it('warns about protection off only when policy asks', () => {
    const open = key({ deletionProtection: false });

    expect(evaluateKey(open, policy, NOW)).toEqual([]);
    expect(evaluateKey(open, strict, NOW).map((f) => f.kind)).toEqual([
      'deletion_protection_off',
    ]);
  });

  it('does not repeat it for a key already pending deletion', () => {
    const dying = key({
      keyState: 'PendingDeletion',
      deletionProtection: false,
    });

    expect(evaluateKey(dying, strict, NOW).map((f) => f.kind)).toEqual([
      'key_pending_deletion',
    ]);
  });
});

describe('days left', () => {
  it('counts a date six days away, read seconds later, as six days', () => {
    const deleteDate = iso(NOW + 6 * DAY_MS);

    const [finding] = evaluateKey(
      key({ keyState: 'PendingDeletion', deleteDate }),
      policy,
      NOW + 30_000,
    );

    expect(finding?.detail).toContain('6 days from now');
  });

  it('never rounds five and a half days up to six', () => {
    const deleteDate = iso(NOW + 5.5 * DAY_MS);

    const [finding] = evaluateKey(
      key({ keyState: 'PendingDeletion', deleteDate }),
      policy,
      NOW,
    );

    expect(finding?.detail).toContain('5 days from now');
  });
});
