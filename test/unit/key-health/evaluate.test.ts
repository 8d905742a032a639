import { describe, expect, it } from 'vitest';
import { KeyguardError } from '../../../shared/errors.ts';
import type { AlertRecord } from '../../../shared/health/alert-record.ts';
import type { Binding } from '../../../shared/health/binding.ts';
import {
  type EvaluationInput,
  type EvaluationScope,
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

const hangzhou = new Set(['cn-hangzhou']);
const scope = (over: Partial<EvaluationScope>): EvaluationScope => ({
  fullScan: true,
  scannedRegions: hangzhou,
  listedRegions: hangzhou,
  gaps: [],
  cutShort: false,
  ...over,
});
/** What a run cut short by its deadline knows about its scope. */
const cutShort = (gaps: EvaluationScope['gaps'] = []): EvaluationScope => ({
  fullScan: false,
  scannedRegions: new Set(),
  listedRegions: hangzhou,
  gaps,
  cutShort: true,
});

const input = (over: Partial<EvaluationInput>): EvaluationInput => ({
  bindings: [bound('a', 'key-a')],
  checks: new Map(),
  unchecked: [],
  scope: scope({}),
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
      scope: scope({
        fullScan: false,
        scannedRegions: new Set(),
        listedRegions: new Set(),
      }),
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
      scope: scope({
        gaps: [
          {
            region: 'cn-hangzhou',
            scope: 'cn-hangzhou',
            code: 'access_denied',
          },
        ],
      }),
    });

    const listed = recordsAfter({ previous: gap });

    expect(only(gap)[0]?.notice.summary).toContain(
      'the project list (access_denied)',
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
      unchecked: 0,
      ok: 1,
      critical: 1,
      warning: 0,
      unverified: 1,
    });
  });
});

describe('keys a run could not read', () => {
  const disabled = () =>
    recordsAfter({
      checks: new Map([['cn-hangzhou/key-a', read('key-a', 'Disabled')]]),
    });

  it('counts a key whose alert is carried over as unverified, not ok', () => {
    const evaluation = evaluate(
      input({
        previous: disabled(),
        checks: new Map([['cn-hangzhou/key-a', denied]]),
      }),
    );

    expect(evaluation.keys).toMatchObject({ ok: 0, unverified: 1 });
    expect(evaluation.findings).toEqual({
      critical: 0,
      warning: 0,
      unverified: 0,
    });
    expect(evaluation.carriedOver).toEqual([
      { alertId: 'key.cn-hangzhou.key-a', severity: 'critical' },
    ]);
  });

  it('reports a key the deadline kept from being read as unverified', () => {
    const evaluation = evaluate(
      input({
        scope: cutShort(),
        unchecked: [{ keyId: 'key-a', region: 'cn-hangzhou' }],
      }),
    );

    expect(evaluation.keys).toMatchObject({ checked: 0, unchecked: 1 });
    expect(evaluation.findings.unverified).toBe(1);
    expect(evaluation.drafts[0]?.findings[0]).toMatchObject({
      kind: 'key_unverified',
      keyId: 'key-a',
      logstores: ['p/a'],
    });
    expect(evaluation.drafts[0]?.findings[0]?.detail).toContain(
      "the run's deadline",
    );
  });

  it('keeps any firing alert of a key the deadline kept from being read', () => {
    const denial = recordsAfter({
      checks: new Map([['cn-hangzhou/key-a', denied]]),
    });
    for (const previous of [disabled(), denial]) {
      const after = recordsAfter({
        previous,
        scope: cutShort(),
        unchecked: [{ keyId: 'key-a', region: 'cn-hangzhou' }],
      });

      expect(only(after)).toEqual(only(previous));
    }
  });

  it('reports what a run cut short could not list, and clears nothing', () => {
    const gap = {
      region: 'cn-hangzhou',
      scope: 'proj-two',
      code: 'timeout',
    };
    const earlier = recordsAfter({ scope: scope({ gaps: [gap] }) });

    const fresh = evaluate(input({ scope: cutShort([gap]) }));
    const kept = recordsAfter({ previous: earlier, scope: cutShort() });

    expect(fresh.drafts[0]?.findings[0]).toMatchObject({
      kind: 'scan_incomplete',
      region: 'cn-hangzhou',
    });
    expect(fresh.drafts[0]?.findings[0]?.detail).toContain(
      "The run's deadline came before the listing was done.",
    );
    expect(only(kept)).toEqual(only(earlier));
  });
});
