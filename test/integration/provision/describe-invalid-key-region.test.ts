import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpTriggerEvent } from '../../../emulator/fc-runtime.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { harness, ROLE, startCloud } from './support.ts';

/** SLS keeps a key region such as `Cn_Hangzhou`, which names no endpoint. */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startCloud();
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

describe('GET of a Logstore whose key region is not a region id', () => {
  it('answers 200 found, the key region unknown, asking no KMS', async () => {
    cloud.control.seed({
      logstores: [
        {
          project: 'demo-proj',
          logstoreName: 'app-audit',
          encrypt_conf: {
            enable: true,
            encrypt_type: 'sm4_gcm',
            user_cmk_info: {
              cmk_key_id: 'key-x',
              arn: ROLE,
              region_id: 'Cn_Hangzhou',
            },
          },
        },
      ],
    });

    const answer = (await harness(cloud).invoke(
      httpTriggerEvent({
        method: 'GET',
        path: '/logstores/demo-proj/app-audit',
      }),
    )) as { statusCode: number; body: string };

    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      outcome: 'found',
      key: { keyId: 'key-x', keyState: 'Unknown', error: 'region_unknown' },
    });
    expect(cloud.control.requests({ service: 'kms' })).toEqual([]);
  });
});
