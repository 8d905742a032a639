import { describe, expect, it } from 'vitest';
import {
  groupFindings,
  keyAlertId,
} from '../../../shared/health/alert-draft.ts';
import type { Finding } from '../../../shared/health/finding.ts';

const finding = (fields: Partial<Finding>): Finding => ({
  kind: 'key_disabled',
  severity: 'critical',
  detail: 'The key is disabled.',
  remedy: 'Enable it.',
  keyId: 'key-a',
  keyRegion: 'cn-hangzhou',
  keyState: 'Disabled',
  logstores: [],
  dates: [],
  ...fields,
});

describe('grouping findings into alerts', () => {
  it('makes one alert per key naming every affected Logstore', () => {
    const drafts = groupFindings([
      finding({ logstores: ['p1/a', 'p2/b'] }),
      finding({
        kind: 'deletion_protection_off',
        severity: 'warning',
        logstores: ['p1/a', 'p2/b'],
      }),
      finding({ keyId: 'key-b', logstores: ['p1/c'] }),
    ]);

    expect(drafts.map((d) => d.alertId)).toEqual([
      'key.cn-hangzhou.key-a',
      'key.cn-hangzhou.key-b',
    ]);
    expect(drafts[0]?.severity).toBe('critical');
    expect(drafts[0]?.logstores).toEqual(['p1/a', 'p2/b']);
    expect(drafts[0]?.findings.map((f) => f.kind)).toEqual([
      'key_disabled',
      'deletion_protection_off',
    ]);
  });

  it('tells the same key id in two regions apart', () => {
    const drafts = groupFindings([
      finding({ keyRegion: 'cn-hangzhou' }),
      finding({ keyRegion: 'cn-shanghai' }),
    ]);

    expect(drafts).toHaveLength(2);
  });

  it('merges one Logstore finding per binding into one alert per kind', () => {
    const plain = (logstore: string): Finding => ({
      kind: 'logstore_unencrypted',
      severity: 'warning',
      detail: 'These Logstores are not encrypted.',
      remedy: 'Encrypt them.',
      logstores: [logstore],
      dates: [],
    });

    const drafts = groupFindings([plain('p/b'), plain('p/a')]);

    expect(drafts.map((d) => [d.alertId, d.logstores])).toEqual([
      ['logstore_unencrypted', ['p/a', 'p/b']],
    ]);
  });

  it('changes the fingerprint when severity or Logstores change, not else', () => {
    const [before] = groupFindings([finding({ logstores: ['p/a'] })]);
    const [same] = groupFindings([finding({ logstores: ['p/a'] })]);
    const [more] = groupFindings([finding({ logstores: ['p/a', 'p/b'] })]);
    const [milder] = groupFindings([
      finding({ severity: 'warning', logstores: ['p/a'] }),
    ]);

    expect(same?.fingerprint).toBe(before?.fingerprint);
    expect(more?.fingerprint).not.toBe(before?.fingerprint);
    expect(milder?.fingerprint).not.toBe(before?.fingerprint);
  });

  it('turns unusual key ids into safe file names', () => {
    const id = keyAlertId('alias/../etc', 'cn-hangzhou');

    expect(id).toMatch(/^key\.cn-hangzhou\.[A-Za-z0-9_.-]+$/);
    expect(id).not.toContain('/');
  });
});
