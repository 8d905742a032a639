import { Logstore as SdkLogstore } from '@alicloud/sls20201230';
import { describe, expect, it } from 'vitest';
import type { LogstoreSpec } from '../../../shared/sls/logstore.ts';
import {
  logstoreFromSdk,
  toCreateLogStoreRequest,
} from '../../../shared/sls/logstore-mapping.ts';

const ROLE = 'acs:ram::1111222233334444:role/sls-byok-demo';

const byok: LogstoreSpec = {
  logstoreName: 'app-audit',
  shardCount: 2,
  ttl: 30,
  hot_ttl: 7,
  enable_tracking: false,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'sm4_gcm',
    user_cmk_info: {
      cmk_key_id: 'key-demo0001',
      arn: ROLE,
      region_id: 'cn-hangzhou',
    },
  },
};

describe('toCreateLogStoreRequest', () => {
  it('serialises the customer key under the wire names', () => {
    const wire = toCreateLogStoreRequest(byok).toMap();

    expect(wire).toEqual({
      logstoreName: 'app-audit',
      shardCount: 2,
      ttl: 30,
      hot_ttl: 7,
      enable_tracking: false,
      encrypt_conf: {
        enable: true,
        encrypt_type: 'sm4_gcm',
        user_cmk_info: {
          cmk_key_id: 'key-demo0001',
          arn: ROLE,
          region_id: 'cn-hangzhou',
        },
      },
    });
  });

  it('sends no user_cmk_info key at all for a service key', () => {
    const spec: LogstoreSpec = {
      logstoreName: 'app-audit',
      shardCount: 2,
      ttl: 30,
      encrypt_conf: { enable: true, encrypt_type: 'default' },
    };

    const text = JSON.stringify(toCreateLogStoreRequest(spec).toMap());

    expect(JSON.parse(text).encrypt_conf).toEqual({
      enable: true,
      encrypt_type: 'default',
    });
    expect(text).not.toContain('user_cmk_info');
  });

  it('sends no encrypt_conf for an unencrypted Logstore', () => {
    const wire = toCreateLogStoreRequest({
      logstoreName: 'plain',
      shardCount: 1,
      ttl: 1,
    }).toMap();

    expect(wire).toEqual({ logstoreName: 'plain', shardCount: 1, ttl: 1 });
  });
});

describe('logstoreFromSdk', () => {
  it('reads the SDK model back into wire names', () => {
    const sdk = new SdkLogstore({
      logstoreName: 'app-audit',
      ttl: 30,
      shardCount: 2,
      hotTtl: 7,
      mode: 'standard',
      createTime: 1_735_689_600,
      encryptConf: {
        enable: true,
        encryptType: 'sm4_gcm',
        userCmkInfo: {
          cmkKeyId: 'key-demo0001',
          arn: ROLE,
          regionId: 'cn-hangzhou',
        },
      },
    });

    expect(logstoreFromSdk('demo-proj', sdk)).toEqual({
      project: 'demo-proj',
      logstoreName: 'app-audit',
      ttl: 30,
      shardCount: 2,
      hot_ttl: 7,
      mode: 'standard',
      createTime: 1_735_689_600,
      encrypt_conf: {
        enable: true,
        encrypt_type: 'sm4_gcm',
        user_cmk_info: {
          cmk_key_id: 'key-demo0001',
          arn: ROLE,
          region_id: 'cn-hangzhou',
        },
      },
    });
  });

  it('treats an empty user_cmk_info as no customer key', () => {
    const logstore = logstoreFromSdk(
      'demo-proj',
      new SdkLogstore({
        logstoreName: 'a1b',
        encryptConf: { enable: true, encryptType: 'default', userCmkInfo: {} },
      }),
    );

    expect(logstore.encrypt_conf).toEqual({
      enable: true,
      encrypt_type: 'default',
    });
  });

  it('keeps a half-filled user_cmk_info visible rather than dropping it', () => {
    const logstore = logstoreFromSdk(
      'demo-proj',
      new SdkLogstore({
        logstoreName: 'a1b',
        encryptConf: {
          enable: true,
          encryptType: 'default',
          userCmkInfo: { cmkKeyId: 'key-demo0002' },
        },
      }),
    );

    expect(logstore.encrypt_conf?.user_cmk_info).toEqual({
      cmk_key_id: 'key-demo0002',
      arn: '',
      region_id: '',
    });
  });
});
