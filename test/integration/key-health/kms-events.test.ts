import { DisableKeyRequest, EnableKeyRequest } from '@alicloud/kms20160120';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  byok,
  type EventRuns,
  eventRuns,
  type Harness,
  kmsAdmin,
  startHarness,
} from './support.ts';

describe('KMS change events from ActionTrail', () => {
  let h: Harness;
  let runs: EventRuns;
  beforeEach(async () => {
    h = await startHarness();
    h.cloud.control.seed({
      keys: [
        { keyId: 'key-ev1', deletionProtection: true },
        { keyId: 'key-ev2', deletionProtection: true },
      ],
      logstores: [
        byok('demo-proj', 'app-audit', 'key-ev1'),
        byok('demo-proj', 'app-billing', 'key-ev2'),
      ],
    });
    runs = eventRuns(h);
  });
  afterEach(async () => {
    await runs.stop();
    await h.close();
  });

  it('re-checks only the disabled key, reading no cached binding again', async ({
    annotate,
  }) => {
    await h.run();
    const scanCalls = h.cloud.control.requests().length;

    await kmsAdmin(h.cloud).disableKey(
      new DisableKeyRequest({ keyId: 'key-ev1' }),
    );
    const summary = await runs.next();

    const calls = h.cloud.control.requests().slice(scanCalls);
    const [disable, ...after] = calls;
    const [alert] = h.cloud.sink.messages({ channel: 'dingtalk' });
    expect(disable?.operation).toBe('DisableKey');
    expect(summary.trigger).toBe('kms_event');
    expect(summary.calls).toEqual({
      ListProject: 1,
      ListLogStores: 1,
      DescribeKey: 1,
    });
    expect(after.map((c) => c.operation).sort()).toEqual([
      'DescribeKey',
      'ListLogStores',
      'ListProject',
      'dingtalk',
      'slack',
    ]);
    expect(JSON.stringify(alert?.body)).toMatch(/key-ev1.*is disabled/);
    expect(JSON.stringify(alert?.body)).not.toContain('key-ev2');
    // Reported, not asserted: timing goals live in benchmarks.
    const latencyMs = (alert?.receivedAt ?? 0) - (disable?.at ?? 0);
    await annotate(`DisableKey to DingTalk alert: ${latencyMs} ms`);
  });

  it('names a Logstore created after the last scan in the event alert', async () => {
    await h.run();
    h.cloud.control.seed({
      logstores: [byok('demo-proj', 'app-late', 'key-ev1')],
    });

    await kmsAdmin(h.cloud).disableKey(
      new DisableKeyRequest({ keyId: 'key-ev1' }),
    );
    const summary = await runs.next();

    const alert = JSON.stringify(h.cloud.sink.messages()[0]?.body);
    expect(summary.calls).toMatchObject({ GetLogStore: 1, DescribeKey: 1 });
    expect(alert).toContain('demo-proj/app-audit');
    expect(alert).toContain('demo-proj/app-late');
  });

  it('resolves the alert when the key is enabled again', async () => {
    await h.run();
    const kms = kmsAdmin(h.cloud);
    await kms.disableKey(new DisableKeyRequest({ keyId: 'key-ev1' }));
    await runs.next();

    await kms.enableKey(new EnableKeyRequest({ keyId: 'key-ev1' }));
    await runs.next();

    const texts = h.cloud.sink
      .messages({ channel: 'slack' })
      .map((m) => JSON.stringify(m.body));
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(/RESOLVED.*key-ev1/);
  });

  it('finds the bindings first when the cache has never seen the key', async () => {
    await kmsAdmin(h.cloud).disableKey(
      new DisableKeyRequest({ keyId: 'key-ev2' }),
    );

    const summary = await runs.next();

    expect(summary.calls).toMatchObject({
      ListProject: 1,
      ListLogStores: 1,
      GetLogStore: 2,
      DescribeKey: 1,
    });
    expect(JSON.stringify(h.cloud.sink.messages()[0]?.body)).toContain(
      'demo-proj/app-billing',
    );
  });
});
