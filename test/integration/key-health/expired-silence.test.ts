import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/health/dates.ts';
import { type Harness, startHarness } from './support.ts';

/**
 * A silence already over when the configuration is read mutes nothing;
 * most likely its date is a typo, and the operator believes a finding
 * is silenced that is not. One warning line says so.
 */
describe('a silence that has already expired', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
  });

  it('is named in one warning line at start-up, and a live one is not', async () => {
    const now = Date.now();
    h = await startHarness({
      env: {
        KEYGUARD_SILENCES: JSON.stringify([
          {
            keyId: 'key-old',
            reason: 'retiring the old audit key',
            expiresAt: new Date(now - DAY_MS).toISOString(),
          },
          {
            finding: 'deletion_protection_off',
            reason: 'protection is rolled out next week',
            expiresAt: new Date(now + DAY_MS).toISOString(),
          },
        ]),
      },
    });

    await h.run();

    const warnings = h.logs
      .records()
      .filter((r) => r.event === 'config.silence_expired');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 'warn',
      keyId: 'key-old',
      expiresAt: new Date(now - DAY_MS).toISOString(),
    });
  });
});
