import { DescribeKeyRequest, ListKeysRequest } from '@alicloud/kms20160120';
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
import { callKms, failureOf, genericKms, kmsSdk } from './kms-clients.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 15 });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

const describeDemoKey = new DescribeKeyRequest({ keyId: DEMO_KEY_AES });

const lastKmsRequest = () => cloud.control.requests({ service: 'kms' }).at(-1);

const isoSeconds = (epochMs: number) =>
  new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('the KMS SDK', () => {
  it('is answered for the demo account', async () => {
    const described = await kmsSdk(cloud).describeKey(describeDemoKey);

    expect(described.keyMetadata.keyId).toBe(DEMO_KEY_AES);
    expect(lastKmsRequest()).toMatchObject({
      operation: 'DescribeKey',
      accountId: DEMO_ACCOUNT_ID,
      status: 200,
    });
  });

  it('with a wrong secret is refused as SignatureDoesNotMatch', async () => {
    const kms = kmsSdk(cloud, {
      credentials: { ...DEMO_ACCESS_KEY, accessKeySecret: 'wrong-secret' },
    });

    const error = await failureOf(kms.describeKey(describeDemoKey));

    expect(error.code).toBe('SignatureDoesNotMatchError');
    expect(error.data.Code).toBe('SignatureDoesNotMatch');
    expect(JSON.stringify(error.data)).not.toContain('wrong-secret');
    expect(lastKmsRequest()).toMatchObject({
      status: 400,
      errorCode: 'SignatureDoesNotMatch',
    });
  });

  it('with an unknown access key is refused with 404', async () => {
    const kms = kmsSdk(cloud, {
      credentials: { accessKeyId: 'LTAI5tUnknown', accessKeySecret: 'x' },
    });

    const error = await failureOf(kms.listKeys(new ListKeysRequest({})));

    expect(error.code).toBe('InvalidAccessKeyId.NotFoundError');
    expect(lastKmsRequest()?.status).toBe(404);
  });

  it('with STS credentials works until the token expires', async () => {
    const sts = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 60_000);
    const kms = kmsSdk(cloud, { credentials: sts });

    const before = await kms.describeKey(describeDemoKey);
    cloud.clock.advance(61_000);
    const error = await failureOf(kms.describeKey(describeDemoKey));

    expect(before.keyMetadata.keyState).toBe('Enabled');
    expect(error.code).toBe('InvalidSecurityToken.ExpiredError');
    expect(JSON.stringify(error.data)).not.toContain(sts.securityToken);
  });
});

describe.each(['acs3', 'v2'] as const)('openapi-client (%s)', (signing) => {
  /** Where each signing scheme carries the nonce and the timestamp. */
  const carried =
    signing === 'v2'
      ? (nonce: string, at: string) => ({
          query: { SignatureNonce: nonce, Timestamp: at },
          headers: {},
        })
      : (nonce: string, at: string) => ({
          query: {},
          headers: { 'x-acs-signature-nonce': nonce, 'x-acs-date': at },
        });

  const describeWith = (nonce: string, at: string) => {
    const { query, headers } = carried(nonce, at);
    return callKms(
      genericKms(cloud, { signing }),
      'DescribeKey',
      { KeyId: DEMO_KEY_AES, ...query },
      headers,
    );
  };

  it('refuses a replayed nonce as SignatureNonceUsed', async () => {
    const nonce = `replay-${signing}-${Date.now()}`;
    await describeWith(nonce, isoSeconds(Date.now()));

    const error = await failureOf(describeWith(nonce, isoSeconds(Date.now())));

    expect(error.code).toBe('SignatureNonceUsed');
    expect(error.data.statusCode).toBe(400);
  });

  it('refuses a timestamp 16 minutes old as expired', async () => {
    const stale = isoSeconds(Date.now() - 16 * 60_000);

    const error = await failureOf(describeWith(`stale-${signing}`, stale));

    expect(error.code).toBe('InvalidTimeStamp.Expired');
  });

  it('works with STS credentials', async () => {
    const sts = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 60_000);

    const body = await callKms(
      genericKms(cloud, { signing, credentials: sts }),
      'DescribeKey',
      { KeyId: DEMO_KEY_AES },
    );

    expect(body.KeyMetadata).toMatchObject({ KeyId: DEMO_KEY_AES });
  });

  it('refuses an expired STS token', async () => {
    const sts = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 1_000);
    cloud.clock.advance(2_000);

    const error = await failureOf(
      callKms(genericKms(cloud, { signing, credentials: sts }), 'ListKeys', {}),
    );

    expect(error.code).toBe('InvalidSecurityToken.Expired');
  });

  it('refuses a wrong secret', async () => {
    const client = genericKms(cloud, {
      signing,
      credentials: { ...DEMO_ACCESS_KEY, accessKeySecret: 'wrong-secret' },
    });

    const error = await failureOf(callKms(client, 'ListKeys', {}));

    expect(error.code).toBe('SignatureDoesNotMatch');
  });
});
