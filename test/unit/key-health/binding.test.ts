import { describe, expect, it } from 'vitest';
import { bindingOf } from '../../../shared/health/binding.ts';
import { evaluateBinding } from '../../../shared/health/binding-rules.ts';
import { keysOf } from '../../../shared/health/key-checks.ts';
import type { Logstore } from '../../../shared/sls/logstore.ts';

const ROLE = 'acs:ram::1111222233334444:role/sls-byok-demo';
const logstore = (encrypt_conf?: Logstore['encrypt_conf']): Logstore => ({
  project: 'demo-proj',
  logstoreName: 'app-audit',
  ttl: 30,
  shardCount: 2,
  ...(encrypt_conf === undefined ? {} : { encrypt_conf }),
});

describe('bindings read from GetLogStore', () => {
  it('reads a BYOK binding with key id, key region and role', () => {
    const binding = bindingOf(
      logstore({
        enable: true,
        encrypt_type: 'sm4_gcm',
        user_cmk_info: {
          cmk_key_id: 'key-demo0002',
          arn: ROLE,
          region_id: 'cn-shanghai',
        },
      }),
      'cn-hangzhou',
      5,
    );

    expect(binding).toEqual({
      project: 'demo-proj',
      logstore: 'app-audit',
      projectRegion: 'cn-hangzhou',
      protection: 'byok',
      encryptType: 'sm4_gcm',
      keyId: 'key-demo0002',
      keyRegion: 'cn-shanghai',
      roleArn: ROLE,
      readAt: 5,
    });
  });

  it('tells the service key, no encryption and switched-off encryption apart', () => {
    const service = logstore({ enable: true, encrypt_type: 'default' });
    const off = logstore({ enable: false, encrypt_type: 'default' });

    expect(bindingOf(service, 'cn-hangzhou', 0).protection).toBe('service_key');
    expect(bindingOf(logstore(), 'cn-hangzhou', 0).protection).toBe('none');
    expect(bindingOf(off, 'cn-hangzhou', 0).protection).toBe('none');
  });

  it('leaves an empty key region absent rather than guessing', () => {
    const binding = bindingOf(
      logstore({
        enable: true,
        encrypt_type: 'default',
        user_cmk_info: { cmk_key_id: 'key-demo0002', arn: ROLE, region_id: '' },
      }),
      'cn-hangzhou',
      0,
    );

    expect(binding.keyRegion).toBeUndefined();
  });
});

describe('Logstore policy findings', () => {
  const base = {
    project: 'demo-proj',
    logstore: 'app-audit',
    projectRegion: 'cn-hangzhou',
    readAt: 0,
  };

  it('warns about a Logstore without encryption unless policy is any', () => {
    const plain = { ...base, protection: 'none' as const };

    expect(evaluateBinding(plain, 'encrypted')?.kind).toBe(
      'logstore_unencrypted',
    );
    expect(evaluateBinding(plain, 'any')).toBeUndefined();
  });

  it('warns about the service key only where policy requires BYOK', () => {
    const service = { ...base, protection: 'service_key' as const };

    expect(evaluateBinding(service, 'encrypted')).toBeUndefined();
    expect(evaluateBinding(service, 'byok')?.kind).toBe(
      'service_key_not_allowed',
    );
  });

  it('gives a binding without a region "region unknown" (K5), not a guess', () => {
    const finding = evaluateBinding(
      { ...base, protection: 'byok', keyId: 'key-demo0002' },
      'encrypted',
    );

    expect(finding?.kind).toBe('key_region_unknown');
    expect(finding?.severity).toBe('warning');
    expect(finding?.keyId).toBe('key-demo0002');
    expect(finding?.logstores).toEqual(['demo-proj/app-audit']);
  });

  it('gives a key region that is no region id "region unknown", naming it', () => {
    const finding = evaluateBinding(
      {
        ...base,
        protection: 'byok',
        keyId: 'key-x',
        keyRegion: 'Cn_Hangzhou',
      },
      'any',
    );

    expect(finding).toMatchObject({
      kind: 'key_region_unknown',
      severity: 'warning',
      keyId: 'key-x',
    });
    expect(finding).not.toHaveProperty('keyRegion');
    expect(finding?.detail).toContain('"Cn_Hangzhou"');
    expect(finding?.detail).toContain('is not a region id');
  });

  it('leaves a binding with a region id to the key check', () => {
    const finding = evaluateBinding(
      {
        ...base,
        protection: 'byok',
        keyId: 'key-x',
        keyRegion: 'cn-shanghai',
      },
      'byok',
    );

    expect(finding).toBeUndefined();
  });
});

describe('the keys a run checks', () => {
  const byok = (keyId: string, keyRegion?: string) => ({
    project: 'demo-proj',
    logstore: `store-${keyId}`,
    projectRegion: 'cn-hangzhou',
    readAt: 0,
    protection: 'byok' as const,
    keyId,
    ...(keyRegion === undefined ? {} : { keyRegion }),
  });

  it('asks only for keys whose region is a region id', () => {
    const keys = keysOf([
      byok('key-a', 'cn-shanghai'),
      byok('key-b', 'Cn_Hangzhou'),
      byok('key-c'),
    ]);

    expect(keys).toEqual([{ keyId: 'key-a', region: 'cn-shanghai' }]);
  });
});
