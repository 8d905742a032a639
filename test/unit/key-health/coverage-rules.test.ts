import { describe, expect, it } from 'vitest';
import { scanIncomplete } from '../../../shared/health/coverage-rules.ts';

const remedyFor = (...codes: string[]): string =>
  scanIncomplete(
    'cn-hangzhou',
    codes.map((code, i) => ({ scope: `proj-${i}`, code })),
  ).remedy;

describe('the remedy of a scan that could not list everything', () => {
  it('points at RAM only when the listing was denied', () => {
    expect(remedyFor('access_denied')).toContain('log:ListLogStores');
    expect(remedyFor('upstream_unavailable')).not.toContain('RAM');
    expect(remedyFor('connection_failed')).not.toContain('RAM');
  });

  it('points at the network when SLS could not be reached', () => {
    const remedy = remedyFor('connection_failed');

    expect(remedy).toContain('KEYGUARD_SLS_ENDPOINT');
    expect(remedyFor('timeout')).toContain('reachable');
  });

  it('says the next run lists again when SLS failed for a moment', () => {
    expect(remedyFor('upstream_unavailable')).toContain('next run');
    expect(remedyFor('throttled')).toContain('next run');
  });

  it('gives each remedy once when gaps have several causes', () => {
    const remedy = remedyFor('access_denied', 'timeout', 'access_denied');

    expect(remedy.match(/log:ListProject/g)).toHaveLength(1);
    expect(remedy).toContain('KEYGUARD_SLS_ENDPOINT');
    expect(remedy).not.toContain('next run');
  });

  it('names every scope with its code in the detail', () => {
    const finding = scanIncomplete('cn-beijing', [
      { scope: 'proj-a', code: 'timeout' },
      { scope: 'cn-beijing', code: 'access_denied' },
    ]);

    expect(finding.detail).toBe(
      'keyguard could not list everything in cn-beijing: proj-a (timeout), ' +
        'the project list (access_denied). Keys behind Logstores there may ' +
        'go unchecked.',
    );
  });
});
