import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_ACCESS_KEY,
  DEMO_ACCOUNT_ID,
  DEMO_KEY_AES,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import type { Credentials } from '../../../shared/credentials.ts';
import { KeyguardError, TransientError } from '../../../shared/errors.ts';
import { createKmsApi, kmsApiPerRegion } from '../../../shared/kms/client.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 11 });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

const kms = (
  region = 'cn-hangzhou',
  credentials: Credentials = DEMO_ACCESS_KEY,
  timeoutMs = 2_000,
) =>
  createKmsApi({ credentials, endpoints: cloud.endpoints, region, timeoutMs });

const failureOf = async (promise: Promise<unknown>): Promise<KeyguardError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeyguardError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};

const describeCalls = () =>
  cloud.control.requests({ service: 'kms', operation: 'DescribeKey' });

describe('KMS client against the local cloud', () => {
  it('describes a key with the fields the KMS SDK model drops', async () => {
    const key = await kms().describeKey(DEMO_KEY_AES);

    expect(key).toMatchObject({
      keyId: DEMO_KEY_AES,
      region: 'cn-hangzhou',
      keyState: 'Enabled',
      keySpec: 'Aliyun_AES_256',
      origin: 'Aliyun_KMS',
      deletionProtection: true,
    });
    expect(key.arn).toMatch(/^acs:kms:cn-hangzhou:1111222233334444:key\//);
    expect(describeCalls()).toHaveLength(1);
  });

  it('reads deletion protection off and the deletion date', async () => {
    const [keyId = ''] = cloud.control.seed({
      keys: [
        {
          state: 'PendingDeletion',
          deleteDate: '2030-01-07T00:00:00Z',
          deletionProtection: false,
        },
      ],
    }).keyIds;

    const key = await kms().describeKey(keyId);

    expect(key.keyState).toBe('PendingDeletion');
    expect(key.deletionProtection).toBe(false);
    expect(key.deleteDate).toBe('2030-01-07T00:00:00Z');
  });

  it('reads when imported key material expires', async () => {
    const [keyId = ''] = cloud.control.seed({
      keys: [
        {
          origin: 'EXTERNAL',
          state: 'Enabled',
          materialExpireTime: '2030-03-01T00:00:00Z',
        },
      ],
    }).keyIds;

    const key = await kms().describeKey(keyId);

    expect(key.origin).toBe('EXTERNAL');
    expect(key.materialExpireTime).toBe('2030-03-01T00:00:00Z');
  });

  it('asks the key own region, where a key of another region is unknown', async () => {
    const [keyId = ''] = cloud.control.seed({
      keys: [{ region: 'cn-shanghai', keySpec: 'Aliyun_SM4' }],
    }).keyIds;

    const inShanghai = await kms('cn-shanghai').describeKey(keyId);
    const inHangzhou = await failureOf(kms('cn-hangzhou').describeKey(keyId));

    expect(inShanghai).toMatchObject({
      keyState: 'Enabled',
      region: 'cn-shanghai',
    });
    expect(inHangzhou.code).toBe('key_not_found');
    expect(inHangzhou.status).toBe(404);
    expect(inHangzhou.context).toMatchObject({ keyId, region: 'cn-hangzhou' });
    expect(describeCalls().map((entry) => entry.region)).toEqual([
      'cn-shanghai',
      'cn-hangzhou',
    ]);
  });

  it('builds one client per region and reuses it', () => {
    const forRegion = kmsApiPerRegion({
      credentials: DEMO_ACCESS_KEY,
      endpoints: cloud.endpoints,
      timeoutMs: 2_000,
    });

    expect(forRegion('cn-shanghai')).toBe(forRegion('cn-shanghai'));
    expect(forRegion('cn-shanghai')).not.toBe(forRegion('cn-hangzhou'));
  });

  it('answers throttled, to be retried, when KMS throttles', async () => {
    cloud.control.faults.add({ service: 'kms', action: { kind: 'throttle' } });

    const error = await failureOf(kms().describeKey(DEMO_KEY_AES));

    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe('throttled');
    expect(error.context.vendorCode).toBe('Rejected.Throttling');
  });

  it('answers access_denied for a RAM denial', async () => {
    cloud.control.faults.add({
      service: 'kms',
      action: { kind: 'error', status: 403, code: 'Forbidden.NoPermission' },
    });

    const error = await failureOf(kms().describeKey(DEMO_KEY_AES));

    expect(error.code).toBe('access_denied');
    expect(error.context).toMatchObject({
      service: 'kms',
      vendorCode: 'Forbidden.NoPermission',
    });
  });

  it('answers upstream_unavailable for an internal failure', async () => {
    cloud.control.faults.add({
      service: 'kms',
      action: { kind: 'server-error' },
    });

    const error = await failureOf(kms().describeKey(DEMO_KEY_AES));

    expect(error.code).toBe('upstream_unavailable');
  });

  it('retries a gateway error page that is not JSON', async () => {
    cloud.control.faults.add({
      service: 'kms',
      action: { kind: 'reply', status: 503, body: '<html>busy</html>' },
    });

    const error = await failureOf(kms().describeKey(DEMO_KEY_AES));

    expect(error.code).toBe('upstream_unavailable');
    expect(error.retryable).toBe(true);
  });

  it('answers connection_failed when the connection drops', async () => {
    cloud.control.faults.add({ service: 'kms', action: { kind: 'drop' } });

    const error = await failureOf(kms().describeKey(DEMO_KEY_AES));

    expect(error.code).toBe('connection_failed');
    expect(error.retryable).toBe(true);
  });

  it('answers timeout when KMS hangs past the call timeout', async () => {
    cloud.control.faults.add({ service: 'kms', action: { kind: 'hang' } });

    const error = await failureOf(
      kms('cn-hangzhou', DEMO_ACCESS_KEY, 300).describeKey(DEMO_KEY_AES),
    );

    expect(error.code).toBe('timeout');
  });

  it('signs with STS credentials and keeps the token out of errors', async () => {
    const sts = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 60_000);
    const credentials = {
      accessKeyId: sts.accessKeyId,
      accessKeySecret: sts.accessKeySecret,
      securityToken: sts.securityToken,
    };

    const key = await kms('cn-hangzhou', credentials).describeKey(DEMO_KEY_AES);
    cloud.control.clock.advance(120_000);
    const expired = await failureOf(
      kms('cn-hangzhou', credentials).describeKey(DEMO_KEY_AES),
    );

    expect(key.keyState).toBe('Enabled');
    expect(expired.code).toBe('access_denied');
    const shown = `${expired.message} ${JSON.stringify(expired.context)}`;
    expect(shown).not.toContain(sts.securityToken);
    expect(shown).not.toContain(sts.accessKeySecret);
  });
});
