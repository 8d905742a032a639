import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byok, type Harness, ROLE, startHarness } from './support.ts';

describe("the key's own region (K5)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('asks the Shanghai endpoint for a Shanghai key and finds nothing wrong', async () => {
    h.cloud.control.seed({
      keys: [
        { keyId: 'key-sh', region: 'cn-shanghai', deletionProtection: true },
      ],
      logstores: [byok('demo-proj', 'app-audit', 'key-sh', 'cn-shanghai')],
    });

    const summary = await h.run();

    const asked = h.cloud.control.requests({
      service: 'kms',
      operation: 'DescribeKey',
    });
    expect(asked.map((r) => r.region)).toEqual(['cn-shanghai']);
    expect(summary.keys).toMatchObject({ checked: 1, ok: 1 });
    expect(h.cloud.sink.messages()).toEqual([]);
  });

  it('warns "region unknown" for a binding without a region, without guessing', async () => {
    h.cloud.control.seed({
      logstores: [
        {
          project: 'demo-proj',
          logstoreName: 'app-audit',
          encrypt_conf: {
            enable: true,
            encrypt_type: 'default',
            user_cmk_info: {
              cmk_key_id: 'key-demo0002',
              arn: ROLE,
              region_id: '',
            },
          },
        },
      ],
    });

    const summary = await h.run();

    expect(summary.calls.DescribeKey ?? 0).toBe(0);
    expect(summary.findings.warning).toBe(1);
    expect(JSON.stringify(h.cloud.sink.messages()[0]?.body)).toContain(
      'has no known region',
    );
  });
});
