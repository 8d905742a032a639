import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/health/dates.ts';
import { byok, type Harness, startHarness } from './support.ts';

describe('one bad key does not stop the run (K4)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.cloud.control.seed({
      keys: [
        { keyId: 'key-a', deletionProtection: true },
        { keyId: 'key-b', deletionProtection: true },
        {
          keyId: 'key-c',
          state: 'PendingDeletion',
          deleteDate: new Date(h.cloud.clock.now() + 9 * DAY_MS).toISOString(),
        },
      ],
      logstores: [
        byok('demo-proj', 'store-a', 'key-a'),
        byok('demo-proj', 'store-b', 'key-b'),
        byok('demo-proj', 'store-c', 'key-c'),
      ],
    });
  });
  afterEach(async () => {
    await h.close();
  });

  const alertTexts = () =>
    h.cloud.sink
      .messages({ channel: 'slack' })
      .map((m) => JSON.stringify(m.body));

  it('alerts on C, reports B as unverified naming the role, and succeeds', async () => {
    h.cloud.control.faults.add({
      service: 'kms',
      operation: 'DescribeKey',
      match: { KeyId: 'key-b' },
      action: { kind: 'error', status: 403, code: 'Forbidden.NoPermission' },
    });

    const summary = await h.run();

    expect(summary.outcome).toBe('complete');
    expect(summary.keys).toMatchObject({
      checked: 3,
      ok: 1,
      critical: 1,
      unverified: 1,
    });
    const [text = ''] = alertTexts();
    expect(text).toContain('key-c');
    expect(text).toMatch(/key-b.*could not be verified/);
    // Right for the deployed function and for `keyguard check` alike.
    expect(text).toContain(
      "the caller's RAM identity (the function's role when deployed)",
    );
    expect(text).not.toContain("the function's RAM role");
    expect(text).not.toMatch(/key-a\b/);
  });

  it('reports a key that hangs as unverified and still finishes in time', async () => {
    h.cloud.control.faults.add({
      service: 'kms',
      operation: 'DescribeKey',
      match: { KeyId: 'key-b' },
      action: { kind: 'hang' },
    });
    const started = Date.now();

    const summary = await h.run(undefined, { timeout: 20 });

    expect(Date.now() - started).toBeLessThan(20_000);
    expect(summary.outcome).toBe('complete');
    expect(summary.keys).toMatchObject({
      checked: 3,
      unchecked: 0,
      ok: 1,
      critical: 1,
      unverified: 1,
    });
    expect(alertTexts()[0]).toContain('KMS did not answer in time');
  });
});
