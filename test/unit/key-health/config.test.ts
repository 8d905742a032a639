import { describe, expect, it } from 'vitest';
import {
  KEY_HEALTH_ENV,
  parseKeyHealthConfig,
} from '../../../shared/config/key-health.ts';

const local = { KEYGUARD_MODE: 'local', KEYGUARD_LOCAL_PORT: '4510' };

const problemOf = (env: Record<string, string>): string => {
  try {
    parseKeyHealthConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('key-health configuration', () => {
  it('has documented defaults', () => {
    const config = parseKeyHealthConfig(local);

    expect(config).toMatchObject({
      regions: ['cn-hangzhou'],
      projectPatterns: [],
      stateDir: '.keyguard',
      expiryWarningDays: 14,
      expiryCriticalDays: 3,
      repeatCriticalMs: 4 * 3_600_000,
      repeatWarningMs: 24 * 3_600_000,
      encryptionPolicy: 'encrypted',
      requireDeletionProtection: false,
      timeZone: 'Asia/Shanghai',
      silences: [],
      concurrency: 32,
      projectConcurrency: 4,
      kmsQps: 40,
      fullRefreshMs: 24 * 3_600_000,
      channels: [],
    });
  });

  it('reads every variable it lists', () => {
    const config = parseKeyHealthConfig({
      ...local,
      KEYGUARD_REGIONS: 'cn-hangzhou, cn-shanghai',
      KEYGUARD_PROJECT_PATTERNS: 'prod-*',
      KEYGUARD_STATE_DIR: '/mnt/state',
      KEYGUARD_EXPIRY_WARNING_DAYS: '30',
      KEYGUARD_EXPIRY_CRITICAL_DAYS: '7',
      KEYGUARD_REPEAT_CRITICAL_HOURS: '1.5',
      KEYGUARD_REPEAT_WARNING_HOURS: '12',
      KEYGUARD_ENCRYPTION_POLICY: 'byok',
      KEYGUARD_REQUIRE_DELETION_PROTECTION: 'true',
      KEYGUARD_DISPLAY_TIME_ZONE: 'Europe/Berlin',
      KEYGUARD_SILENCES:
        '[{"finding":"deletion_protection_off","reason":"rollout","expiresAt":"2030-01-01T00:00:00Z"}]',
      KEYGUARD_HEARTBEAT_URL: 'https://hc.example/ping/123456',
      KEYGUARD_CONCURRENCY: '4',
      KEYGUARD_PROJECT_CONCURRENCY: '1',
      KEYGUARD_KMS_QPS: '10',
      KEYGUARD_FULL_REFRESH_HOURS: '0',
      KEYGUARD_CHANNELS:
        '[{"name":"ops","type":"slack","url":"https://hooks.slack.com/services/T/B/X"}]',
    });

    expect(config).toMatchObject({
      regions: ['cn-hangzhou', 'cn-shanghai'],
      projectPatterns: ['prod-*'],
      stateDir: '/mnt/state',
      expiryWarningDays: 30,
      expiryCriticalDays: 7,
      repeatCriticalMs: 5_400_000,
      encryptionPolicy: 'byok',
      requireDeletionProtection: true,
      timeZone: 'Europe/Berlin',
      silences: [
        {
          finding: 'deletion_protection_off',
          reason: 'rollout',
          expiresAt: Date.parse('2030-01-01T00:00:00Z'),
        },
      ],
      heartbeatUrl: 'https://hc.example/ping/123456',
      kmsQps: 10,
      fullRefreshMs: 0,
      channels: [{ name: 'ops', type: 'slack' }],
    });
    expect(KEY_HEALTH_ENV).toHaveLength(17);
  });

  it('names the variable and the rule, never the value', () => {
    const message = problemOf({
      ...local,
      KEYGUARD_DISPLAY_TIME_ZONE: 'Mars/Olympus',
      KEYGUARD_KMS_QPS: 'fast',
    });

    expect(message).toContain('KEYGUARD_DISPLAY_TIME_ZONE');
    expect(message).toContain('IANA time zone');
    expect(message).toContain('KEYGUARD_KMS_QPS');
    expect(message).not.toContain('Mars');
  });

  it('refuses a silence that names neither key nor finding', () => {
    const message = problemOf({
      ...local,
      KEYGUARD_SILENCES: '[{"reason":"x","expiresAt":"2030-01-01T00:00:00Z"}]',
    });

    expect(message).toMatch(/KEYGUARD_SILENCES .*keyId, a finding or both/);
  });

  it('names a bad nested item by its path, without echoing it', () => {
    const message = problemOf({
      ...local,
      KEYGUARD_REGIONS: 'cn-hangzhou,Moon',
      KEYGUARD_SILENCES: JSON.stringify([
        { keyId: 'key-a', reason: 'x', expiresAt: '2030-01-01T00:00:00Z' },
        { keyId: 'key-b', reason: 'x', expiresAt: 'next Tuesday' },
      ]),
    });

    expect(message).toContain('KEYGUARD_REGIONS 1 must list region ids');
    expect(message).toContain('KEYGUARD_SILENCES 1.expiresAt must be');
    expect(message).not.toContain('Moon');
    expect(message).not.toContain('Tuesday');
  });

  it('demands a state directory in cloud mode', () => {
    const message = problemOf({ FC_REGION: 'cn-hangzhou' });

    expect(message).toContain('KEYGUARD_STATE_DIR');
  });

  it('refuses a critical window wider than the warning window', () => {
    expect(
      problemOf({
        ...local,
        KEYGUARD_EXPIRY_WARNING_DAYS: '5',
        KEYGUARD_EXPIRY_CRITICAL_DAYS: '6',
      }),
    ).toContain('KEYGUARD_EXPIRY_CRITICAL_DAYS');
  });
});
