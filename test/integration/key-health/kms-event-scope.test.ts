import { DisableKeyRequest } from '@alicloud/kms20160120';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../shared/health/dates.ts';
import {
  byok,
  type EventRuns,
  eventRuns,
  type Harness,
  kmsAdmin,
  startHarness,
} from './support.ts';

/**
 * An ActionTrail event says which KMS region changed, not which SLS
 * regions hold Logstores on that key: a key may protect Logstores of a
 * project elsewhere (K5), and a key of a region keyguard does not scan
 * is not its to report on. An event run looks where a timer run looks.
 */
describe('the scope of a KMS event run', () => {
  let h: Harness;
  let runs: EventRuns;
  beforeEach(async () => {
    h = await startHarness();
    runs = eventRuns(h);
  });
  afterEach(async () => {
    await runs.stop();
    await h.close();
  });

  it('lists only the configured regions and says nothing of a key outside them', async () => {
    h.cloud.control.seed({
      projects: [{ name: 'sh-proj', region: 'cn-shanghai' }],
      keys: [{ keyId: 'key-sh01', region: 'cn-shanghai' }],
      logstores: [byok('sh-proj', 'sh-audit', 'key-sh01', 'cn-shanghai')],
    });

    await kmsAdmin(h.cloud, 'cn-shanghai').disableKey(
      new DisableKeyRequest({ keyId: 'key-sh01' }),
    );
    const event = await runs.next();
    h.cloud.clock.advance(5 * HOUR_MS);
    const timer = await h.run();

    const listed = h.cloud.control
      .requests({ service: 'sls' })
      .map((r) => r.region);
    expect(event.regions).toEqual(['cn-hangzhou']);
    expect(event.keys.checked).toBe(0);
    expect(new Set(listed)).toEqual(new Set(['cn-hangzhou']));
    expect(timer.alerts.firing).toBe(0);
    expect(h.cloud.sink.messages()).toEqual([]);
  });

  it("re-checks a key whose region is not its project's, from the project's region (K5)", async () => {
    h.cloud.control.seed({
      keys: [{ keyId: 'key-sh02', region: 'cn-shanghai' }],
      logstores: [byok('demo-proj', 'app-audit', 'key-sh02', 'cn-shanghai')],
    });

    await kmsAdmin(h.cloud, 'cn-shanghai').disableKey(
      new DisableKeyRequest({ keyId: 'key-sh02' }),
    );
    const summary = await runs.next();

    expect(summary.regions).toEqual(['cn-hangzhou']);
    expect(summary.keys).toMatchObject({ checked: 1, critical: 1 });
    const alert = JSON.stringify(h.cloud.sink.messages()[0]?.body);
    expect(alert).toMatch(/key-sh02.*is disabled/);
    expect(alert).toContain('demo-proj/app-audit');
  });
});
