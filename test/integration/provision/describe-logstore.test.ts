import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpTriggerEvent } from '../../../emulator/fc-runtime.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import {
  type Harness,
  harness,
  p1Request,
  ROLE,
  startCloud,
} from './support.ts';

/** `GET /logstores/{project}/{logstore}` beyond the P-cases. */
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

const get = async (
  fn: Harness,
  path: string,
  query: Record<string, string> = {},
) => {
  const answer = (await fn.invoke(
    httpTriggerEvent({ method: 'GET', path, query }),
  )) as { statusCode: number; body: string };
  return {
    status: answer.statusCode,
    body: JSON.parse(answer.body) as Record<string, unknown>,
  };
};

const keyCalls = () =>
  cloud.control.requests({ service: 'kms', operation: 'DescribeKey' }).length;

describe('GET of a Logstore whose key has no region', () => {
  it('answers 200 found, with the key reported as region unknown', async () => {
    cloud.control.seed({
      logstores: [
        {
          project: 'demo-proj',
          logstoreName: 'app-audit',
          encrypt_conf: {
            enable: true,
            encrypt_type: 'sm4_gcm',
            user_cmk_info: {
              cmk_key_id: 'key-demo0001',
              arn: ROLE,
              region_id: '',
            },
          },
        },
      ],
    });

    const answer = await get(harness(cloud), '/logstores/demo-proj/app-audit');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      outcome: 'found',
      key: {
        keyId: 'key-demo0001',
        keyState: 'Unknown',
        error: 'region_unknown',
      },
    });
    expect(answer.body.key).not.toHaveProperty('region');
    expect(keyCalls()).toBe(0);
  });
});

describe('GET under the project and region policy', () => {
  it.each([
    [{ PROVISION_ALLOWED_PROJECTS: 'other-*' }, 'allowed_projects', {}],
    [{ PROVISION_ALLOWED_REGIONS: 'cn-shanghai' }, 'allowed_regions', {}],
    [
      { PROVISION_ALLOWED_REGIONS: 'cn-hangzhou' },
      'allowed_regions',
      { region: 'cn-beijing' },
    ],
  ])(
    'refuses %j with 403 naming %s, calling nothing',
    async (env, rule, query) => {
      await harness(cloud).post(p1Request());
      const before = cloud.control.requests().length;

      const answer = await get(
        harness(cloud, env),
        '/logstores/demo-proj/app-audit',
        query,
      );

      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        outcome: 'refused',
        code: 'policy_denied',
        errors: [expect.objectContaining({ rule })],
      });
      expect(cloud.control.requests()).toHaveLength(before);
    },
  );

  it('reads a Logstore inside the policy', async () => {
    const env = {
      PROVISION_ALLOWED_PROJECTS: 'demo-*',
      PROVISION_ALLOWED_REGIONS: 'cn-hangzhou',
    };
    await harness(cloud).post(p1Request());

    const answer = await get(
      harness(cloud, env),
      '/logstores/demo-proj/app-audit',
    );

    expect(answer.status).toBe(200);
  });
});
