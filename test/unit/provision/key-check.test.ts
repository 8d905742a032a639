import { describe, expect, it } from 'vitest';
import type { KeyMetadata } from '../../../shared/kms/key-metadata.ts';
import { checkKey } from '../../../shared/provision/key-check.ts';
import { resolveRequest } from '../../../shared/provision/policy.ts';
import type { ProvisionRequest } from '../../../shared/provision/request.ts';
import {
  byokRequest,
  enabledKey,
  KEY_RULES,
  NOW,
  openPolicy,
  ROLE,
} from './fakes.ts';

const DAY = 86_400_000;

/** A key as KMS reports it when it leaves one field out. */
const without = (field: 'keyUsage' | 'keySpec'): KeyMetadata => {
  const { [field]: _left, ...rest } = enabledKey();
  return rest;
};

const requestFor = (encryptType: string, keyRegion = 'cn-hangzhou') => {
  const input = byokRequest({
    encrypt_conf: {
      enable: true,
      encrypt_type: encryptType,
      user_cmk_info: {
        cmk_key_id: 'key-demo0001',
        arn: ROLE,
        region_id: keyRegion,
      },
    },
  }) as ProvisionRequest;
  const result = resolveRequest(input, openPolicy(), 'cn-hangzhou');
  if (!result.ok) throw new Error('unexpected');
  return result.request;
};

const reasons = (
  key: Partial<KeyMetadata>,
  type = 'sm4_gcm',
  rules = KEY_RULES,
  keyRegion?: string,
) =>
  checkKey(enabledKey(key), requestFor(type, keyRegion), rules, NOW).map(
    (e) => e.rule,
  );

describe('checkKey', () => {
  it('passes an Enabled SM4 key for an SM4 type', () => {
    expect(reasons({})).toEqual([]);
  });

  it.each(['Disabled', 'PendingDeletion', 'PendingImport', 'SomethingNew'])(
    'refuses a key in state %s, naming the state',
    (state) => {
      const [error] = checkKey(
        enabledKey({ keyState: state }),
        requestFor('sm4_gcm'),
        KEY_RULES,
        NOW,
      );

      expect(error?.rule).toBe('key_state');
      expect(error?.message).toContain(state);
    },
  );

  it.each([
    ['key usage', without('keyUsage'), 'key_usage'],
    ['key usage', enabledKey({ keyUsage: '' }), 'key_usage'],
    ['key spec', without('keySpec'), 'key_family'],
    ['key state', enabledKey({ keyState: '' }), 'key_state'],
  ] as const)(
    'refuses a key whose %s KMS did not report (%j)',
    (what, key, rule) => {
      const errors = checkKey(key, requestFor('sm4_gcm'), KEY_RULES, NOW);

      expect(errors).toEqual([
        expect.objectContaining({
          rule,
          message: expect.stringContaining(`KMS did not report the ${what}`),
        }),
      ]);
    },
  );

  it('refuses an asymmetric key', () => {
    expect(
      reasons({ keySpec: 'RSA_2048', keyUsage: 'SIGN/VERIFY' }, 'aes_gcm'),
    ).toEqual(['key_usage', 'key_symmetric']);
  });

  it('refuses an AES key for an SM4 type and an SM4 key for an AES type', () => {
    expect(reasons({ keySpec: 'Aliyun_AES_256' }, 'm4')).toEqual([
      'key_family',
    ]);
    expect(reasons({ keySpec: 'Aliyun_SM4' }, 'default')).toEqual([
      'key_family',
    ]);
    expect(reasons({ keySpec: 'Aliyun_AES_128' }, 'aes_cbc')).toEqual([]);
  });

  it('refuses a key in another region than the project', () => {
    const errors = checkKey(
      enabledKey({ region: 'cn-shanghai' }),
      requestFor('sm4_gcm', 'cn-shanghai'),
      KEY_RULES,
      NOW,
    );

    expect(errors).toEqual([
      expect.objectContaining({
        path: 'encrypt_conf.user_cmk_info.region_id',
        rule: 'key_region',
      }),
    ]);
  });

  it('refuses imported material expiring within the configured days', () => {
    const in10Days = new Date(NOW + 10 * DAY).toISOString();
    const in40Days = new Date(NOW + 40 * DAY).toISOString();
    const external = { origin: 'EXTERNAL' };

    expect(reasons({ ...external, materialExpireTime: in10Days })).toEqual([
      'key_material_expiry',
    ]);
    expect(reasons({ ...external, materialExpireTime: in40Days })).toEqual([]);
    expect(reasons({ ...external, materialExpireTime: '' })).toEqual([]);
    expect(
      reasons({ ...external, materialExpireTime: in10Days }, 'sm4_gcm', {
        ...KEY_RULES,
        materialExpiryDays: 7,
      }),
    ).toEqual([]);
  });

  it('refuses imported material whose expiry time is no KMS time', () => {
    const external = { origin: 'EXTERNAL' };

    expect(reasons({ ...external, materialExpireTime: 'foo 2099' })).toEqual([
      'key_material_expiry',
    ]);
    expect(reasons({ ...external, materialExpireTime: '1' })).toEqual([
      'key_material_expiry',
    ]);
  });

  it('refuses a key without deletion protection only when policy asks', () => {
    const strict = { ...KEY_RULES, requireDeletionProtection: true };

    expect(reasons({ deletionProtection: false })).toEqual([]);
    expect(reasons({ deletionProtection: false }, 'sm4_gcm', strict)).toEqual([
      'key_deletion_protection',
    ]);
    expect(reasons({ deletionProtection: true }, 'sm4_gcm', strict)).toEqual(
      [],
    );
  });
});
