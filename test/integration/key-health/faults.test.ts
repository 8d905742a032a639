import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../../emulator/fault-spec.ts';
import { byok, type Harness, startHarness } from './support.ts';

const KEYS = ['key-f1', 'key-f2', 'key-f3', 'key-f4'];

/** Accepted messages per channel, and how often each key appears. */
const deliveries = (h: Harness, channel: 'dingtalk' | 'slack') => {
  const texts = h.cloud.sink
    .messages({ channel })
    .filter((m) => m.accepted)
    .map((m) => JSON.stringify(m.body));
  return {
    messages: texts.length,
    perKey: KEYS.map(
      (key) => texts.filter((t) => t.includes(`Key ${key} `)).length,
    ),
  };
};

describe('faults on KMS, SLS and the sink', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.cloud.control.seed({
      projects: [{ name: 'proj-two' }],
      keys: KEYS.map((keyId) => ({ keyId, state: 'Disabled' })),
      logstores: KEYS.map((key, i) =>
        byok(i % 2 ? 'demo-proj' : 'proj-two', `store-${i}`, key),
      ),
    });
  });
  afterEach(async () => {
    await h.close();
  });

  const inject = (specs: FaultSpec[]) => {
    for (const spec of specs) h.cloud.control.faults.add(spec);
  };

  it('delivers every alert exactly once through throttling and dropped connections', async () => {
    inject([
      {
        service: 'sls',
        operation: 'ListProject',
        action: { kind: 'throttle' },
        times: 1,
      },
      {
        service: 'sls',
        operation: 'ListLogStores',
        action: { kind: 'drop' },
        times: 1,
      },
      {
        service: 'sls',
        operation: 'GetLogStore',
        action: { kind: 'server-error' },
        times: 2,
      },
      {
        service: 'kms',
        operation: 'DescribeKey',
        action: { kind: 'throttle' },
        times: 3,
      },
      {
        service: 'kms',
        operation: 'DescribeKey',
        action: { kind: 'drop' },
        times: 1,
      },
      {
        service: 'sink',
        operation: 'dingtalk',
        action: { kind: 'throttle' },
        times: 2,
      },
      {
        service: 'sink',
        operation: 'slack',
        action: { kind: 'drop' },
        times: 1,
      },
    ]);
    const started = Date.now();

    const summary = await h.run(undefined, { timeout: 30 });
    await h.run(undefined, { timeout: 30 });

    expect(Date.now() - started).toBeLessThan(60_000);
    expect(summary.outcome).toBe('complete');
    expect(summary.keys).toMatchObject({ checked: 4, critical: 4 });
    expect(summary.calls.DescribeKey).toBe(4 + 3 + 1);
    expect(deliveries(h, 'dingtalk')).toEqual({
      messages: 1,
      perKey: [1, 1, 1, 1],
    });
    expect(deliveries(h, 'slack')).toEqual({
      messages: 1,
      perKey: [1, 1, 1, 1],
    });
  });

  it('outlasts hangs on SLS and KMS within the deadline', async () => {
    inject([
      {
        service: 'sls',
        operation: 'GetLogStore',
        action: { kind: 'hang' },
        times: 1,
      },
      {
        service: 'kms',
        operation: 'DescribeKey',
        action: { kind: 'hang' },
        times: 2,
      },
    ]);
    const started = Date.now();

    const summary = await h.run(undefined, { timeout: 20 });

    expect(Date.now() - started).toBeLessThan(20_000);
    expect(summary.outcome).toBe('complete');
    expect(deliveries(h, 'dingtalk')).toEqual({
      messages: 1,
      perKey: [1, 1, 1, 1],
    });
  });

  it('keeps an alert the sink never confirmed pending, and sends it next run', async () => {
    inject([
      { service: 'sink', operation: 'slack', action: { kind: 'server-error' } },
    ]);

    const failed = await h.run(undefined, { timeout: 8 });
    h.cloud.control.faults.clear();
    await h.run();
    await h.run();

    expect(failed.channels['ops-slack']).toMatchObject({ sent: 0, failed: 4 });
    expect(deliveries(h, 'slack')).toEqual({
      messages: 1,
      perKey: [1, 1, 1, 1],
    });
    expect(deliveries(h, 'dingtalk')).toEqual({
      messages: 1,
      perKey: [1, 1, 1, 1],
    });
  }, 30_000);

  it('finishes before the deadline when KMS hangs, sending what it knows and naming the key it could not read', async () => {
    // A call timeout longer than the whole scan budget: only the
    // deadline can end the hanging call.
    await h.close();
    h = await startHarness({ env: { KEYGUARD_CALL_TIMEOUT_MS: '20000' } });
    h.cloud.control.seed({
      projects: [{ name: 'proj-two' }],
      keys: KEYS.map((keyId) => ({ keyId, state: 'Disabled' })),
      logstores: KEYS.map((key, i) =>
        byok(i % 2 ? 'demo-proj' : 'proj-two', `store-${i}`, key),
      ),
    });
    inject([
      {
        service: 'kms',
        operation: 'DescribeKey',
        match: { KeyId: 'key-f4' },
        action: { kind: 'hang' },
      },
    ]);
    const started = Date.now();

    const summary = await h.run(undefined, { timeout: 6 });

    expect(Date.now() - started).toBeLessThan(6_000);
    expect(summary.outcome).toBe('partial');
    expect(summary.keys).toMatchObject({
      checked: 3,
      unchecked: 1,
      critical: 3,
      unverified: 0,
    });
    expect(deliveries(h, 'dingtalk')).toEqual({
      messages: 1,
      perKey: [1, 1, 1, 1],
    });
    const [text = ''] = h.cloud.sink
      .messages({ channel: 'dingtalk' })
      .map((m) => JSON.stringify(m.body));
    expect(text).toMatch(/key-f4.*could not be verified/);
    expect(text).toContain("the run's deadline");
  });
});
