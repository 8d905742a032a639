import { describe, expect, test } from 'vitest';
import {
  frozenChange,
  mergeEncryption,
  parseCamelEncryption,
  type WireEncryptConf,
} from '../../../emulator/sls/encryption.ts';
import { SlsError } from '../../../emulator/sls/errors.ts';

const byok: WireEncryptConf = {
  enable: true,
  encrypt_type: 'sm4_gcm',
  user_cmk_info: {
    cmk_key_id: 'key-demo0001',
    arn: 'acs:ram::1111222233334444:role/sls-byok-demo',
    region_id: 'cn-hangzhou',
  },
};

describe('the encryption of a Logstore is frozen once set', () => {
  test('an unencrypted Logstore may get any configuration once', () => {
    expect(frozenChange(undefined, byok)).toBeUndefined();
    expect(mergeEncryption(undefined, byok)).toEqual(byok);
  });

  test('only enable may change afterwards', () => {
    const next = { enable: false };

    expect(frozenChange(byok, next)).toBeUndefined();
    expect(mergeEncryption(byok, next)).toEqual({ ...byok, enable: false });
  });

  test.each([
    [{ enable: true, encrypt_type: 'aes_gcm' }, 'encrypt_conf.encrypt_type'],
    [
      {
        ...byok,
        user_cmk_info: { ...byok.user_cmk_info, cmk_key_id: 'key-demo0002' },
      },
      'encrypt_conf.user_cmk_info.cmk_key_id',
    ],
    [
      {
        ...byok,
        user_cmk_info: { ...byok.user_cmk_info, region_id: 'cn-shanghai' },
      },
      'encrypt_conf.user_cmk_info.region_id',
    ],
  ] as [WireEncryptConf, string][])('%o is refused at %s', (next, field) => {
    expect(frozenChange(byok, next)?.field).toBe(field);
  });

  test('a service-key Logstore cannot move to a customer key', () => {
    const serviceKey = { enable: true, encrypt_type: 'default' };

    const toByok = { ...byok, encrypt_type: 'default' };

    expect(frozenChange(serviceKey, toByok)?.field).toBe(
      'encrypt_conf.user_cmk_info',
    );
  });

  test('a stored conf without encrypt_type counts as default', () => {
    const trapped = { enable: true };

    expect(
      frozenChange(trapped, { enable: true, encrypt_type: 'default' }),
    ).toBeUndefined();
    expect(
      frozenChange(trapped, { enable: true, encrypt_type: 'm4' })?.field,
    ).toBe('encrypt_conf.encrypt_type');
  });
});

describe('UpdateLogStoreEncryption body', () => {
  test('camelCase names become wire names', () => {
    const conf = parseCamelEncryption({
      enable: true,
      encryptType: 'sm4_gcm',
      userCmkInfo: {
        keyId: 'key-demo0001',
        roleArn: 'acs:ram::1111222233334444:role/sls-byok-demo',
        regionId: 'cn-hangzhou',
      },
    });

    expect(conf).toEqual(byok);
  });

  test.each([
    [{ encryptType: 'default' }, 'enable'],
    [{ enable: true, encrypt_type: 'default' }, 'encrypt_type'],
    [
      { enable: true, userCmkInfo: { keyId: 'k', regionId: 'cn-hangzhou' } },
      'userCmkInfo.roleArn',
    ],
    [{ enable: 'yes' }, 'enable'],
  ])('%o is ParameterInvalid naming %s', (body, field) => {
    let caught: unknown;
    try {
      parseCamelEncryption(body);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(SlsError);
    expect((caught as SlsError).code).toBe('ParameterInvalid');
    expect((caught as SlsError).message).toContain(field);
  });
});
