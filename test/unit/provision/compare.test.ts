import { describe, expect, it } from 'vitest';
import {
  conflictErrors,
  drift,
  encryptionDiff,
} from '../../../shared/provision/compare.ts';
import { ROLE } from './fakes.ts';

const cmk = { cmk_key_id: 'key-demo0001', arn: ROLE, region_id: 'cn-hangzhou' };
const byok = {
  enable: true,
  encrypt_type: 'sm4_gcm' as const,
  user_cmk_info: cmk,
};

describe('encryptionDiff', () => {
  it('finds nothing when SLS holds exactly what was asked', () => {
    expect(encryptionDiff(byok, byok)).toEqual([]);
  });

  it('names the key id field with both values', () => {
    const stored = {
      ...byok,
      user_cmk_info: { ...cmk, cmk_key_id: 'key-demo0002' },
    };

    expect(encryptionDiff(stored, byok)).toEqual([
      {
        path: 'encrypt_conf.user_cmk_info.cmk_key_id',
        existing: 'key-demo0002',
        requested: 'key-demo0001',
      },
    ]);
  });

  it('sees a service key where a CMK was asked for (the model trap)', () => {
    expect(
      encryptionDiff({ enable: true, encrypt_type: 'sm4_gcm' }, byok),
    ).toEqual([
      { path: 'encrypt_conf.user_cmk_info', existing: null, requested: cmk },
    ]);
  });

  it('sees a Logstore without any encryption', () => {
    expect(encryptionDiff(undefined, byok)).toEqual([
      { path: 'encrypt_conf', existing: null, requested: byok },
    ]);
  });
});

describe('conflictErrors', () => {
  it('says encryption that is off can be turned on, not that it is frozen', () => {
    const [error] = conflictErrors(
      encryptionDiff({ ...byok, enable: false }, byok),
    );

    expect(error?.path).toBe('encrypt_conf.enable');
    expect(error?.message).toContain('UpdateLogStoreEncryption');
    expect(error?.message).not.toContain('frozen');
  });

  it('says the key is frozen and a new name is the way out', () => {
    const stored = {
      ...byok,
      user_cmk_info: { ...cmk, cmk_key_id: 'key-demo0002' },
    };
    const [error] = conflictErrors(encryptionDiff(stored, byok));

    expect(error?.message).toBe(
      'the existing Logstore has "key-demo0002", the request asks for ' +
        '"key-demo0001"; the algorithm and key are frozen once set: ask ' +
        'for a new name',
    );
  });
});

describe('drift', () => {
  it('lists settings that differ and ignores what SLS does not echo', () => {
    const stored = { project: 'p', logstoreName: 'l', ttl: 90, shardCount: 2 };

    expect(
      drift(stored, {
        logstoreName: 'l',
        ttl: 30,
        shardCount: 2,
        mode: 'query',
      }),
    ).toEqual([{ path: 'ttl', existing: 90, requested: 30 }]);
  });
});
