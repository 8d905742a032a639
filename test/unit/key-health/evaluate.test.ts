import { describe, expect, it } from 'vitest';
import { KeyguardError } from '../../../shared/errors.ts';
import type { AlertRecord } from '../../../shared/health/alert-record.ts';
import type { Binding } from '../../../shared/health/binding.ts';
import {
  type EvaluationInput,
  evaluate,
} from '../../../shared/health/evaluate.ts';
import type { KeyCheck } from '../../../shared/health/key-checks.ts';
import { reconcile } from '../../../shared/health/lifecycle.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const bound = (logstore: string, keyId: string): Binding => ({
  project: 'p',
  logstore,
  projectRegion: 'cn-hangzhou',
  protection: 'byok',
  keyId,
  keyRegion: 'cn-hangzhou',
  readAt: 0,
});
const read = (keyId: string, keyState: string): KeyCheck => ({
  outcome: 'read',
  key: { keyId, region: 'cn-hangzhou', keyState },
});
const denied: KeyCheck = {
  outcome: 'failed',
  error: new KeyguardError('denied', { code: 'access_denied', status: 502 }),
};

const input = (over: Partial<EvaluationInput>): EvaluationInput => ({
  bindings: [bound('a', 'key-a')],
  checks: new Map(),
  scope: { fullScan: true, scannedRegions: new Set(['cn-hangzhou']), gaps: [] },
  previous: new Map(),
  policy: {
    expiryWarningDays: 14,
    expiryCriticalDays: 3,
    requireDeletionProtection: false,
    encryption: 'encrypted',
  },
  silences: [],
  minSeverity: 'unverified',
  now: NOW,
  ...over,
});

/** Records as a run would leave them after evaluating `over`. */
const recordsAfter = (over: Partial<EvaluationInput>) => {
  const evaluation = evaluate(input(over));
  return reconcile({
    records: over.previous ?? new Map(),
    drafts: evaluation.drafts,
    resolution: evaluation.resolution,
    mutedIds: evaluation.mutedIds,
    now: NOW,
    timeZone: 'UTC',
  }).records;
};

const only = (records: Map<string, AlertRecord>) => [...records.values()];

describe('evaluating a run', () => {
  it('keeps a firing critical alert as it is when the key cannot be read now', () => {
    const disabled = recordsAfter({
      checks: new Map([['cn-hangzhou/key-a', read('key-a', 'Disabled')]]),
    });

    const after = recordsAfter({
      previous: disabled,
      checks: new Map([['cn-hangzhou/key-a', denied]]),
    });

    expect(only(after).map((r) => [r.status, r.severity])).toEqual([
      ['firing', 'critical'],
    ]);
    expect(only(after)[0]).toEqual(only(disabled)[0]);
  });

  it('resolves a key alert once the key reads healthy', () => {
    const disabled = recordsAfter({
      checks: new Map([['cn-hangzhou/key-a', read('key-a', 'Disabled')]]),
    });

    const after = recordsAfter({
      previous: disabled,
      checks: new Map([['cn-hangzhou/key-a', read('key-a', 'Enabled')]]),
    });

    expect(only(after)[0]?.notice).toMatchObject({
      status: 'resolved',
      keyState: 'Enabled',
    });
  });

  it('resolves a key no Logstore uses any more only on a full scan', () => {
    const disabled = recordsAfter({
      checks: new Map([['cn-hangzhou/key-a', read('key-a', 'Disabled')]]),
    });
    const gone = { previous: disabled, bindings: [] };

    const event = recordsAfter({
      ...gone,
      scope: { fullScan: false, scannedRegions: new Set(), gaps: [] },
    });
    const full = recordsAfter(gone);

    expect(only(event)[0]?.status).toBe('firing');
    expect(only(full)[0]?.notice.summary).toBe(
      'No Logstore uses this key any more.',
    );
  });

  it('leaves alerts below the minimum severity untouched', () => {
    const expiring = recordsAfter({
      checks: new Map([['cn-hangzhou/key-a', read('key-a', 'Weird')]]),
    });

    const after = recordsAfter({
      previous: expiring,
      minSeverity: 'critical',
      checks: new Map([['cn-hangzhou/key-a', read('key-a', 'Weird')]]),
    });

    expect(only(after)).toEqual(only(expiring));
  });

  it('raises a coverage alert for a region it could not list, and clears it', () => {
    const gap = recordsAfter({
      scope: {
        fullScan: true,
        scannedRegions: new Set(['cn-hangzhou']),
        gaps: [
          {
            region: 'cn-hangzhou',
            scope: 'cn-hangzhou',
            code: 'access_denied',
          },
        ],
      },
    });

    const listed = recordsAfter({ previous: gap });

    expect(only(gap)[0]?.notice.summary).toContain(
      'cn-hangzhou (access_denied)',
    );
    expect(only(listed)[0]?.status).toBe('resolved');
  });

  it('counts keys by their worst finding', () => {
    const evaluation = evaluate(
      input({
        bindings: [
          bound('a', 'key-a'),
          bound('b', 'key-b'),
          bound('c', 'key-c'),
        ],
        checks: new Map([
          ['cn-hangzhou/key-a', read('key-a', 'Enabled')],
          ['cn-hangzhou/key-b', denied],
          ['cn-hangzhou/key-c', read('key-c', 'PendingDeletion')],
        ]),
      }),
    );

    expect(evaluation.keys).toEqual({
      checked: 3,
      ok: 1,
      critical: 1,
      warning: 0,
      unverified: 1,
    });
  });
});
