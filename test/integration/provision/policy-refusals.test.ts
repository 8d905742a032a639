import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import {
  harness,
  p1Request,
  serviceKeyRequest,
  startCloud,
  storedLogstores,
} from './support.ts';

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

describe('policy (403), before any cloud call', () => {
  it.each([
    [
      'a project outside the patterns',
      { PROVISION_ALLOWED_PROJECTS: 'team-*' },
      p1Request(),
      'allowed_projects',
    ],
    [
      'a region outside the patterns',
      { PROVISION_ALLOWED_REGIONS: 'cn-beijing' },
      p1Request(),
      'allowed_regions',
    ],
    [
      'a role of another account',
      {},
      p1Request({
        encrypt_conf: {
          enable: true,
          encrypt_type: 'sm4_gcm',
          user_cmk_info: {
            cmk_key_id: 'key-demo0001',
            arn: 'acs:ram::9999888877776666:role/attacker',
            region_id: 'cn-hangzhou',
          },
        },
      }),
      'allowed_role_arns',
    ],
    [
      'the service key where BYOK is required',
      {},
      serviceKeyRequest(),
      'byok_required',
    ],
    [
      'an encrypt_type policy does not allow',
      { PROVISION_ALLOWED_ENCRYPT_TYPES: 'aes_gcm' },
      p1Request(),
      'allowed_encrypt_types',
    ],
  ])('refuses %s', async (_, env, request, rule) => {
    const answer = await harness(cloud, env).post(request);

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      outcome: 'refused',
      code: 'policy_denied',
      errors: [expect.objectContaining({ rule })],
    });
    expect(cloud.control.requests()).toEqual([]);
    // Neither the account id nor the allowed roles reach the caller.
    expect(JSON.stringify(answer.body)).not.toContain('1111222233334444');
  });
});

describe('what SLS itself refuses', () => {
  it('answers 404 for a project that does not exist', async () => {
    const answer = await harness(cloud).post(
      p1Request({ project: 'no-such-proj' }),
    );

    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      outcome: 'refused',
      code: 'project_not_found',
    });
  });

  it("answers SLS's quota error as 400 with its code and message (P5)", async () => {
    cloud.control.seed({
      accounts: [
        { accountId: '1111222233334444', quotas: { logstoresPerProject: 1 } },
      ],
    });
    const fn = harness(cloud);
    await fn.post(p1Request());

    const answer = await fn.post(p1Request({ logstoreName: 'app-audit-2' }));

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      outcome: 'invalid',
      code: 'sls_rejected',
      errors: [expect.objectContaining({ rule: 'ProjectQuotaExceed' })],
    });
    expect(JSON.stringify(answer.body)).toContain('quota');
    expect(storedLogstores(cloud)).toHaveLength(1);
  });

  it('answers LogStoreInfoInvalid from SLS as 400 with its code (P5)', async () => {
    cloud.control.faults.add({
      service: 'sls',
      operation: 'CreateLogStore',
      action: {
        kind: 'error',
        status: 400,
        code: 'LogStoreInfoInvalid',
        message: 'shard count too large',
      },
      times: 1,
    });

    const answer = await harness(cloud).post(p1Request());

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        path: '',
        rule: 'LogStoreInfoInvalid',
        message: 'shard count too large',
      },
    ]);
  });
});
