import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/health/finding.ts';
import { applySilences } from '../../../shared/health/silences.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const finding = (keyId: string, kind: Finding['kind']): Finding => ({
  kind,
  severity: 'critical',
  detail: '',
  remedy: '',
  keyId,
  logstores: [],
  dates: [],
});

describe('silences', () => {
  const retiring = {
    keyId: 'key-old',
    reason: 'retiring the 2019 key',
    expiresAt: NOW + 1_000,
  };

  it('mutes every finding of a silenced key until the silence expires', () => {
    const findings = [
      finding('key-old', 'key_pending_deletion'),
      finding('key-new', 'key_disabled'),
    ];

    const during = applySilences(findings, [retiring], NOW);
    const after = applySilences(findings, [retiring], NOW + 1_000);

    expect(during.silenced.map((f) => f.keyId)).toEqual(['key-old']);
    expect(during.active.map((f) => f.keyId)).toEqual(['key-new']);
    expect(after.silenced).toEqual([]);
  });

  it('mutes one finding kind on every key, or on one key when both are named', () => {
    const findings = [
      finding('key-a', 'deletion_protection_off'),
      finding('key-b', 'deletion_protection_off'),
      finding('key-b', 'key_disabled'),
    ];
    const kind = {
      finding: 'deletion_protection_off' as const,
      reason: 'policy rollout',
      expiresAt: NOW + 1,
    };

    const everywhere = applySilences(findings, [kind], NOW);
    const onOne = applySilences(findings, [{ ...kind, keyId: 'key-a' }], NOW);

    expect(everywhere.active.map((f) => f.kind)).toEqual(['key_disabled']);
    expect(onOne.silenced.map((f) => f.keyId)).toEqual(['key-a']);
  });
});
