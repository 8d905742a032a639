import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byok, type Harness, startHarness } from './support.ts';

/**
 * Keys a run could not read: KMS hung, or the run's deadline came first.
 * Such a key is never counted as ok; an alert already firing for it stays
 * as it was, and a key without one is reported as unverified.
 */
const seedKeys = (h: Harness, keys: Record<string, 'Enabled' | 'Disabled'>) =>
  h.cloud.control.seed({
    keys: Object.entries(keys).map(([keyId, state]) => ({
      keyId,
      state,
      deletionProtection: true,
    })),
    logstores: Object.keys(keys).map((keyId) =>
      byok('demo-proj', `store-${keyId}`, keyId),
    ),
  });

const hangDescribeKey = (h: Harness) =>
  h.cloud.control.faults.add({
    service: 'kms',
    operation: 'DescribeKey',
    action: { kind: 'hang' },
  });

const slackTexts = (h: Harness) =>
  h.cloud.sink
    .messages({ channel: 'slack' })
    .filter((m) => m.accepted)
    .map((m) => JSON.stringify(m.body));

describe('keys that could not be read', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  describe('when KMS hangs within the run', () => {
    beforeEach(async () => {
      h = await startHarness();
      seedKeys(h, {
        'key-d1': 'Disabled',
        'key-d2': 'Disabled',
        'key-e': 'Enabled',
      });
    });

    it('counts every unread key as unverified and names the alerts it carried over', async () => {
      await h.run();
      hangDescribeKey(h);

      const summary = await h.run(undefined, { timeout: 20 });

      expect(summary.outcome).toBe('complete');
      expect(summary.keys).toEqual({
        checked: 3,
        unchecked: 0,
        ok: 0,
        critical: 0,
        warning: 0,
        unverified: 3,
      });
      expect(summary.findings).toEqual({
        critical: 0,
        warning: 0,
        unverified: 1,
      });
      expect(summary.carriedOver).toEqual([
        { alertId: 'key.cn-hangzhou.key-d1', severity: 'critical' },
        { alertId: 'key.cn-hangzhou.key-d2', severity: 'critical' },
      ]);
      expect(summary.alerts.firing).toBe(3);
      const texts = slackTexts(h);
      expect(texts).toHaveLength(2);
      expect(texts[1]).toMatch(/key-e.*could not be verified/);
      expect(texts[1]).not.toContain('key-d');
    });
  });

  describe("when the run's deadline comes first", () => {
    beforeEach(async () => {
      // A call timeout longer than the scan budget: only the deadline
      // ends a hanging DescribeKey.
      h = await startHarness({ env: { KEYGUARD_CALL_TIMEOUT_MS: '20000' } });
    });

    it('says how many keys went unchecked and tells the channels', async () => {
      seedKeys(h, { 'key-u1': 'Enabled', 'key-u2': 'Enabled' });
      hangDescribeKey(h);

      const summary = await h.run(undefined, { timeout: 8 });

      expect(summary.outcome).toBe('partial');
      expect(summary.keys).toMatchObject({ checked: 0, unchecked: 2 });
      expect(summary.findings.unverified).toBe(2);
      const [text = ''] = slackTexts(h);
      expect(text).toMatch(/key-u1.*could not be verified/);
      expect(text).toMatch(/key-u2.*could not be verified/);
      expect(text).toContain("the run's deadline");
    });

    it('keeps a firing alert as it was, and neither resends nor resolves it', async () => {
      seedKeys(h, { 'key-d1': 'Disabled', 'key-e': 'Enabled' });
      await h.run();
      hangDescribeKey(h);

      const summary = await h.run(undefined, { timeout: 8 });

      expect(summary.outcome).toBe('partial');
      expect(summary.keys).toMatchObject({ checked: 0, unchecked: 2 });
      expect(summary.carriedOver).toEqual([
        { alertId: 'key.cn-hangzhou.key-d1', severity: 'critical' },
      ]);
      expect(summary.alerts).toEqual({ firing: 2, resolved: 0 });
      const texts = slackTexts(h);
      expect(texts).toHaveLength(2);
      expect(texts[1]).toMatch(/key-e.*could not be verified/);
      expect(texts[1]).not.toContain('key-d1');
    });
  });
});
