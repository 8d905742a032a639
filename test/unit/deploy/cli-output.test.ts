import { describe, expect, it } from 'vitest';
import { findingsTable } from '../../../cli/check/findings-table.ts';
import { exitCodeOf, unverifiedNote } from '../../../cli/commands/check.ts';
import { policyValues } from '../../../cli/commands/policy.ts';
import { exitCodeOfStatus } from '../../../cli/commands/provision.ts';
import { resolveTarget } from '../../../cli/target.ts';
import type { AlertRecord } from '../../../shared/health/alert-record.ts';
import type { RunSummary } from '../../../shared/health/summary.ts';

const summary = (overrides: Partial<RunSummary>): RunSummary =>
  ({
    event: 'key_health.run',
    trigger: 'invoke',
    outcome: 'complete',
    dryRun: false,
    regions: ['cn-hangzhou'],
    projects: 1,
    logstores: 1,
    bindingsRead: 1,
    keys: { critical: 0, warning: 0, unverified: 0, checked: 1, ok: 1 },
    findings: { critical: 0, warning: 0, unverified: 0 },
    silenced: 0,
    alerts: { firing: 0, resolved: 0 },
    channels: {},
    calls: {},
    coverageGaps: 0,
    heartbeat: 'skipped',
    warnings: [],
    durationMs: 1,
    ...overrides,
  }) as RunSummary;

/** Key counts of a run; cast, as the counts gain fields over time. */
const keyCounts = (counts: Record<string, number>): RunSummary['keys'] =>
  ({
    critical: 0,
    warning: 0,
    unverified: 0,
    unchecked: 0,
    checked: 1,
    ok: 1,
    ...counts,
  }) as unknown as RunSummary['keys'];

const alert = (logstores: string[]): AlertRecord => {
  const notice = {
    alertId: 'key.cn-hangzhou.key-demo0002',
    status: 'firing' as const,
    severity: 'critical' as const,
    title: 'Key key-demo0002 (cn-hangzhou) is disabled',
    keyId: 'key-demo0002',
    region: 'cn-hangzhou',
    summary: 'Reads and writes fail now.',
    remedy: 'Enable the key again.',
    logstores,
    dates: [],
  };
  return {
    schema: 1,
    alertId: notice.alertId,
    status: 'firing',
    severity: 'critical',
    fingerprint: 'f',
    muted: false,
    firstSeenAt: 0,
    changedAt: 0,
    updatedAt: 0,
    notice,
    lastFiring: notice,
    channels: {},
  };
};

describe('check exit status', () => {
  it.each([
    ['nothing critical', {}, 0],
    [
      'a critical finding',
      { findings: { critical: 1, warning: 0, unverified: 0 } },
      2,
    ],
    ['a scan cut short', { outcome: 'partial' as const }, 1],
    ['a region it could not list', { coverageGaps: 1 }, 1],
    [
      'keys it could not verify, and nothing critical',
      {
        keys: keyCounts({ unverified: 2, checked: 2, ok: 0 }),
        findings: { critical: 0, warning: 0, unverified: 2 },
      },
      0,
    ],
    [
      'a critical finding in an incomplete scan',
      {
        outcome: 'partial' as const,
        findings: { critical: 1, warning: 0, unverified: 0 },
      },
      2,
    ],
  ])('is right for %s', (_, overrides, expected) => {
    // Act + Assert
    expect(exitCodeOf(summary(overrides))).toBe(expected);
  });
});

describe('check note on unverified keys', () => {
  it('counts the keys it could not verify', () => {
    // Prepare
    const run = summary({
      keys: keyCounts({ critical: 1, unverified: 2, checked: 3, ok: 0 }),
    });

    // Act
    const note = unverifiedNote(run);

    // Assert
    expect(note).toBe(
      'keyguard: 2 key(s) could not be verified, so their state is ' +
        'unknown (see the unverified findings); they do not change the ' +
        'exit status\n',
    );
  });

  it('says nothing when every key was read', () => {
    // Act + Assert
    expect(unverifiedNote(summary({}))).toBeUndefined();
  });
});

describe('provision exit status', () => {
  it.each([
    [201, 0],
    [200, 0],
    [400, 2],
    [403, 2],
    [409, 2],
    [502, 1],
    [503, 1],
  ])('maps answer %i to exit %i', (status, expected) => {
    // Act + Assert
    expect(exitCodeOfStatus(status)).toBe(expected);
  });
});

describe('the findings table', () => {
  it('wraps a Logstore name longer than its column instead of cutting it', () => {
    // Prepare
    const long = `demo-proj/${'a'.repeat(60)}`;

    // Act
    const table = findingsTable([alert([long])], 80);

    // Assert
    const cells = table
      .split('\n')
      .map((line) => line.split('│')[3]?.trim() ?? '')
      .join('');
    expect(cells).toContain(long);
    expect(table).not.toContain('…');
    expect(table.split('\n').every((line) => line.length <= 80)).toBe(true);
  });
});

describe('the findings table of a key behind many Logstores', () => {
  it('lists the first ten and counts the rest', () => {
    // Prepare
    const names = Array.from(
      { length: 200 },
      (_, i) => `demo-proj/app-${String(i).padStart(3, '0')}`,
    );

    // Act
    const table = findingsTable([alert(names)], 120);

    // Assert
    expect(table).toContain('demo-proj/app-009');
    expect(table).not.toContain('demo-proj/app-010');
    expect(table).toContain('and 190 more');
  });

  it('keeps the count on one line when the names are short', () => {
    // Prepare
    const names = Array.from({ length: 1012 }, (_, i) => `p/l${i}`);

    // Act
    const table = findingsTable([alert(names)], 80);

    // Assert
    expect(table).toContain('and 1002 more');
  });

  it('draws a key id holding control characters instead of failing', () => {
    // Prepare
    const odd = alert(['demo-proj/app-audit']);
    const record = {
      ...odd,
      notice: { ...odd.notice, title: 'Key key-abc\tdef\r\u0007 is odd' },
    };

    // Act
    const table = findingsTable([record], 120);

    // Assert
    expect(table).toContain('Key key-abc def   is odd');
  });
});

describe('where the CLI points', () => {
  it('uses the public endpoints in the real cloud', () => {
    // Act
    const target = resolveTarget(
      { region: 'cn-shanghai' },
      {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tOperatorKey0001',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'operator-secret-0001',
      },
    );

    // Assert
    expect(target.config.endpoints).toEqual({
      sls: '{region}.log.aliyuncs.com',
      kms: 'kms.{region}.aliyuncs.com',
      protocol: 'https',
    });
    expect(target.config.region).toBe('cn-shanghai');
  });

  it('refuses the real cloud without a region', () => {
    // Act + Assert
    expect(() => resolveTarget({}, {})).toThrow(
      'name the region with --region or ALIBABA_CLOUD_REGION_ID',
    );
  });

  it('takes the local port from KEYGUARD_EMULATOR_PORT for a bare --local', () => {
    // Act
    const target = resolveTarget(
      { local: true },
      { KEYGUARD_EMULATOR_PORT: '4600' },
    );

    // Assert
    expect(target.config.endpoints.sls).toBe('{region}.log.localhost:4600');
    expect(target.config.mode).toBe('local');
  });
});

describe('policy values', () => {
  it('read the deployment variables when no option is given', () => {
    // Act
    const values = policyValues(
      'provision',
      {},
      {
        ALIBABA_CLOUD_ACCOUNT_ID: '1111222233334444',
        PROVISION_ALLOWED_PROJECTS: 'demo-proj, audit-proj',
        PROVISION_ALLOWED_ROLE_ARNS: 'acs:ram::{accountId}:role/sls-byok-*',
        KEYGUARD_LOG_PROJECT: 'ops-logs',
      },
    );

    // Assert
    expect(values).toMatchObject({
      accountId: '1111222233334444',
      projects: ['demo-proj', 'audit-proj'],
      slsRoles: ['acs:ram::{accountId}:role/sls-byok-*'],
      logProject: 'ops-logs',
    });
  });
});
