import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../shared/health/dates.ts';
import { byok, type Harness, startHarness } from './support.ts';

/** Calls the local cloud saw from key-health, per operation. */
const vendorCalls = (h: Harness): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const r of h.cloud.control.requests()) {
    if (r.service === 'sink') continue;
    counts[r.operation] = (counts[r.operation] ?? 0) + 1;
  }
  return counts;
};

describe('what a scan costs', () => {
  let h: Harness;
  const seedAll = (plain?: { project: string; logstoreName: string }) =>
    h.cloud.control.seed({
      projects: [
        { name: 'demo-proj' },
        { name: 'big-proj' },
        { name: 'other-proj' },
      ],
      logstores: [
        // 520 Logstores: two ListLogStores pages of 500.
        ...Array.from({ length: 520 }, (_, i) =>
          byok(
            'big-proj',
            `store-${i}`,
            i % 2 ? 'key-demo0002' : 'key-demo0001',
          ),
        ),
        byok('other-proj', 'audit', 'key-demo0002'),
        ...(plain === undefined ? [] : [plain]),
      ],
    });
  beforeEach(async () => {
    h = await startHarness({
      env: { KEYGUARD_FULL_REFRESH_HOURS: '24' },
      channels: () => [],
    });
    seedAll({ project: 'other-proj', logstoreName: 'plain' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('makes exactly the floor of calls, and counts them as the cloud saw them', async () => {
    const summary = await h.run(undefined, { timeout: 60 });

    const floor = {
      ListProject: 1,
      ListLogStores: 2 + 1 + 1,
      GetLogStore: 522,
      DescribeKey: 2,
    };
    expect(vendorCalls(h)).toEqual(floor);
    expect(summary.calls).toEqual(floor);
    expect(summary).toMatchObject({ projects: 3, logstores: 522 });
  });

  it('reads only new Logstores on a repeat scan', async () => {
    await h.run(undefined, { timeout: 60 });
    h.cloud.control.clearRequests();
    h.cloud.control.seed({
      logstores: [byok('other-proj', 'new-one', 'key-demo0002')],
    });

    const summary = await h.run();

    expect(vendorCalls(h)).toEqual({
      ListProject: 1,
      ListLogStores: 4,
      GetLogStore: 1,
      DescribeKey: 2,
    });
    expect(summary.bindingsRead).toBe(1);
  });

  it('reads a Logstore again when its name reappears after deletion', async () => {
    const first = await h.run(undefined, { timeout: 60 });
    h.cloud.sls.reset();
    seedAll();
    await h.run(undefined, { timeout: 60 });
    h.cloud.control.seed({
      logstores: [byok('other-proj', 'plain', 'key-demo0001')],
    });

    const summary = await h.run(undefined, { timeout: 60 });

    expect(first.findings.warning).toBe(1);
    expect(summary.calls.GetLogStore).toBe(1);
    expect(summary.findings.warning).toBe(0);
  });

  it('reads every binding again once the full refresh interval has passed', async () => {
    await h.run(undefined, { timeout: 60 });
    h.cloud.clock.advance(24 * HOUR_MS);
    h.cloud.control.clearRequests();

    const summary = await h.run(undefined, { timeout: 60 });

    expect(summary.calls.GetLogStore).toBe(522);
  });
});
