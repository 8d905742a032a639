import { describe, expect, test } from 'vitest';
import { DEMO_ACCOUNT_ID, DEMO_REGION } from '../../../emulator/demo.ts';
import { createSlsService } from '../../../emulator/sls/service.ts';
import { testDeps } from './sdk-request.ts';

describe('seeding the SLS emulator', () => {
  test("a Logstore's project is created in the default region when missing", () => {
    const sls = createSlsService(testDeps().deps);

    sls.seedLogstore({
      accountId: DEMO_ACCOUNT_ID,
      project: 'seeded-proj',
      logstoreName: 'app-audit',
    });

    expect(sls.snapshot().projects).toEqual([
      expect.objectContaining({ name: 'seeded-proj', region: DEMO_REGION }),
    ]);
    expect(sls.snapshot().logstores[0]?.fields).toEqual({
      logstoreName: 'app-audit',
      ttl: 30,
      shardCount: 2,
    });
  });

  test('a region field picks among projects of the same name', () => {
    const sls = createSlsService(testDeps().deps);
    for (const region of [DEMO_REGION, 'cn-shanghai']) {
      sls.seedProject({
        accountId: DEMO_ACCOUNT_ID,
        name: 'twin-proj',
        region,
      });
    }

    sls.seedLogstore({
      accountId: DEMO_ACCOUNT_ID,
      project: 'twin-proj',
      region: 'cn-shanghai',
      logstoreName: 'app-audit',
    });

    expect(sls.snapshot().logstores[0]?.region).toBe('cn-shanghai');
    expect(sls.snapshot().logstores[0]?.fields).not.toHaveProperty('region');
  });

  test('a value the API would refuse is kept, so tests can model drift', () => {
    const sls = createSlsService(testDeps().deps);
    const conf = { enable: true, encrypt_type: 'sm9_future' };

    sls.seedLogstore({
      accountId: DEMO_ACCOUNT_ID,
      project: 'seeded-proj',
      logstoreName: 'app-audit',
      encrypt_conf: conf,
    });

    expect(sls.snapshot().logstores[0]?.fields.encrypt_conf).toEqual(conf);
  });

  test('a name no host or path could address is refused', () => {
    const sls = createSlsService(testDeps().deps);

    expect(() =>
      sls.seedLogstore({
        accountId: DEMO_ACCOUNT_ID,
        project: 'seeded-proj',
        logstoreName: 'App.Audit',
      }),
    ).toThrow(/logstore name App.Audit/);
    expect(() =>
      sls.seedProject({
        accountId: DEMO_ACCOUNT_ID,
        name: 'Bad_Proj',
        region: DEMO_REGION,
      }),
    ).toThrow(/project name/);
  });

  test('a BYOK read failure below 400 is refused', () => {
    const sls = createSlsService(testDeps().deps);

    expect(() => sls.setByokReadFailure({ status: 200, code: 'Fine' })).toThrow(
      /4xx or 5xx/,
    );
  });
});
