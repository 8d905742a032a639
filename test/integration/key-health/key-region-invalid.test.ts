import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byok, type Harness, startHarness } from './support.ts';

describe('a binding whose key region is not a region id', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('warns "region unknown", naming what SLS holds, and asks no KMS', async () => {
    h.cloud.control.seed({
      logstores: [byok('demo-proj', 'app-audit', 'key-x', 'Cn_Hangzhou')],
    });

    const summary = await h.run();

    const body = JSON.stringify(h.cloud.sink.messages()[0]?.body);
    expect(summary.calls.DescribeKey ?? 0).toBe(0);
    expect(summary.findings).toMatchObject({ warning: 1, unverified: 0 });
    expect(body).toContain('has no known region');
    expect(body).toContain('Cn_Hangzhou');
    expect(body).toContain('is not a region id');
    expect(body).not.toContain('could not be verified');
  });

  it('resolves nothing and repeats nothing on the next run', async () => {
    h.cloud.control.seed({
      logstores: [byok('demo-proj', 'app-audit', 'key-x', 'Cn_Hangzhou')],
    });
    await h.run();
    const sent = h.cloud.sink.messages().length;

    const summary = await h.run();

    expect(summary.findings).toMatchObject({ warning: 1, unverified: 0 });
    expect(h.cloud.sink.messages()).toHaveLength(sent);
  });
});
