import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { harness, p1Request, ROLE, startCloud } from './support.ts';

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

const DAY = 86_400_000;

const withKey = (
  keyId: string,
  encryptType = 'sm4_gcm',
  keyRegion = 'cn-hangzhou',
) =>
  p1Request({
    encrypt_conf: {
      enable: true,
      encrypt_type: encryptType,
      user_cmk_info: { cmk_key_id: keyId, arn: ROLE, region_id: keyRegion },
    },
  });

const creates = () =>
  cloud.control.requests({ service: 'sls', operation: 'CreateLogStore' });

describe('key check (422), against the local KMS', () => {
  it.each([
    ['a key that does not exist', {}, 'key-missing0001', ['key_not_found']],
    [
      'a Disabled key',
      { keyId: 'key-disabled01', keySpec: 'Aliyun_SM4', state: 'Disabled' },
      'key-disabled01',
      ['key_state'],
    ],
    [
      'a key pending deletion',
      {
        keyId: 'key-pending001',
        keySpec: 'Aliyun_SM4',
        state: 'PendingDeletion',
        deleteDate: '2099-01-01T00:00:00Z',
        deletionProtection: false,
      },
      'key-pending001',
      ['key_state'],
    ],
    [
      'a key waiting for imported material',
      {
        keyId: 'key-import001',
        keySpec: 'Aliyun_SM4',
        origin: 'EXTERNAL',
        state: 'PendingImport',
      },
      'key-import001',
      ['key_state'],
    ],
    [
      'an asymmetric key',
      { keyId: 'key-rsa00001', keySpec: 'RSA_2048', keyUsage: 'SIGN/VERIFY' },
      'key-rsa00001',
      ['key_usage', 'key_symmetric'],
    ],
    ['an AES key for SM4', {}, 'key-demo0002', ['key_family']],
  ] as const)(
    'refuses %s, naming why, and creates nothing',
    async (_, key, keyId, rules) => {
      if ('keyId' in key) cloud.control.seed({ keys: [key] });
      const fn = harness(cloud);

      const answer = await fn.post(withKey(keyId));

      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        outcome: 'refused',
        code: 'key_rejected',
      });
      expect(
        (answer.body.errors as { rule: string }[]).map((e) => e.rule),
      ).toEqual(rules);
      expect(creates()).toEqual([]);
    },
  );

  it('names the state of a disabled key in the message', async () => {
    cloud.control.seed({
      keys: [
        { keyId: 'key-disabled02', keySpec: 'Aliyun_SM4', state: 'Disabled' },
      ],
    });

    const answer = await harness(cloud).post(withKey('key-disabled02'));

    expect(JSON.stringify(answer.body.errors)).toContain('Disabled');
  });

  it("asks the key's own region and refuses a key outside the project's", async () => {
    cloud.control.seed({
      keys: [
        {
          keyId: 'key-shanghai1',
          keySpec: 'Aliyun_SM4',
          region: 'cn-shanghai',
        },
      ],
    });

    const answer = await harness(cloud).post(
      withKey('key-shanghai1', 'sm4_gcm', 'cn-shanghai'),
    );

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        path: 'encrypt_conf.user_cmk_info.region_id',
        rule: 'key_region',
      }),
    ]);
    const asked = cloud.control.requests({
      service: 'kms',
      operation: 'DescribeKey',
    });
    expect(asked.map((entry) => entry.region)).toEqual(['cn-shanghai']);
  });

  it('refuses imported material expiring within the configured days', async () => {
    const soon = new Date(cloud.clock.now() + 10 * DAY).toISOString();
    const later = new Date(cloud.clock.now() + 40 * DAY).toISOString();
    cloud.control.seed({
      keys: [
        {
          keyId: 'key-soon0001',
          keySpec: 'Aliyun_SM4',
          origin: 'EXTERNAL',
          state: 'Enabled',
          materialExpireTime: soon,
        },
        {
          keyId: 'key-later001',
          keySpec: 'Aliyun_SM4',
          origin: 'EXTERNAL',
          state: 'Enabled',
          materialExpireTime: later,
        },
      ],
    });
    const fn = harness(cloud);

    const refused = await fn.post(withKey('key-soon0001'));
    const accepted = await fn.post({
      ...withKey('key-later001'),
      logstoreName: 'app-audit-2',
    });

    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ rule: 'key_material_expiry' }),
    ]);
    expect(accepted.status).toBe(201);
  });

  it('refuses a key without deletion protection when policy asks', async () => {
    cloud.control.seed({
      keys: [
        {
          keyId: 'key-unprot01',
          keySpec: 'Aliyun_SM4',
          deletionProtection: false,
        },
      ],
    });
    const strict = harness(cloud, {
      PROVISION_REQUIRE_DELETION_PROTECTION: 'true',
    });

    const refused = await strict.post(withKey('key-unprot01'));
    const demoKey = await strict.post(withKey('key-demo0001'));

    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ rule: 'key_deletion_protection' }),
    ]);
    expect(demoKey.status).toBe(201);
  });
});
