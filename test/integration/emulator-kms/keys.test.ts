import {
  CreateKeyRequest,
  DescribeKeyRequest,
  ListKeysRequest,
} from '@alicloud/kms20160120';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID, DEMO_KEY_AES } from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { callKms, failureOf, genericKms, kmsSdk } from './kms-clients.ts';

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

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('CreateKey through the KMS SDK', () => {
  it('makes an Enabled AES-256 ENCRYPT/DECRYPT key by default', async () => {
    const kms = kmsSdk(cloud);

    const created = await kms.createKey(new CreateKeyRequest({}));

    const metadata = created.keyMetadata;
    expect(metadata.keyId).toMatch(/^key-[a-z0-9]{24}$/);
    expect(metadata).toMatchObject({
      keyState: 'Enabled',
      keySpec: 'Aliyun_AES_256',
      keyUsage: 'ENCRYPT/DECRYPT',
      origin: 'Aliyun_KMS',
      creator: DEMO_ACCOUNT_ID,
      arn: `acs:kms:cn-hangzhou:${DEMO_ACCOUNT_ID}:key/${metadata.keyId}`,
    });
    expect(metadata.creationDate).toMatch(ISO_SECONDS);
  });

  it('makes an EXTERNAL key that waits in PendingImport', async () => {
    const kms = kmsSdk(cloud);

    const created = await kms.createKey(
      new CreateKeyRequest({ origin: 'EXTERNAL', keySpec: 'Aliyun_SM4' }),
    );

    expect(created.keyMetadata.keyState).toBe('PendingImport');
    expect(created.keyMetadata.keySpec).toBe('Aliyun_SM4');
  });

  it('refuses an unknown key spec, naming the field', async () => {
    const kms = kmsSdk(cloud);

    const error = await failureOf(
      kms.createKey(new CreateKeyRequest({ keySpec: 'Aliyun_AES_1' })),
    );

    expect(error.code).toBe('InvalidParameterError');
    expect(error.data.Code).toBe('InvalidParameter');
    expect(error.data.Message).toContain('KeySpec');
  });

  it.each([
    ['Aliyun_AES_256', 'SIGN/VERIFY'],
    ['Aliyun_SM4', 'SIGN/VERIFY'],
    ['EC_P256', 'ENCRYPT/DECRYPT'],
    ['EC_P256K', undefined],
  ])('refuses %s for %s, naming KeyUsage', async (keySpec, keyUsage) => {
    const kms = kmsSdk(cloud);
    const keysBefore = cloud.kms.snapshot().length;
    const request = new CreateKeyRequest({
      keySpec,
      ...(keyUsage === undefined ? {} : { keyUsage }),
    });

    const error = await failureOf(kms.createKey(request));

    expect(error.data.Code).toBe('InvalidParameter');
    expect(error.data.Message).toContain('KeyUsage');
    expect(error.data.Message).toContain(keySpec);
    expect(cloud.kms.snapshot()).toHaveLength(keysBefore);
  });

  it.each([
    ['RSA_2048', 'ENCRYPT/DECRYPT'],
    ['RSA_3072', 'SIGN/VERIFY'],
    ['EC_P256', 'SIGN/VERIFY'],
    ['EC_SM2', 'ENCRYPT/DECRYPT'],
  ])('makes a %s key for %s', async (keySpec, keyUsage) => {
    const kms = kmsSdk(cloud);

    const created = await kms.createKey(
      new CreateKeyRequest({ keySpec, keyUsage }),
    );

    expect(created.keyMetadata).toMatchObject({ keySpec, keyUsage });
  });
});

describe('DescribeKey', () => {
  it('answers every KeyMetadata field as ISO 8601 UTC times', async () => {
    const client = genericKms(cloud, { signing: 'acs3' });

    const body = await callKms(client, 'DescribeKey', { KeyId: DEMO_KEY_AES });

    expect(body.KeyMetadata).toEqual({
      KeyId: DEMO_KEY_AES,
      Arn: `acs:kms:cn-hangzhou:${DEMO_ACCOUNT_ID}:key/${DEMO_KEY_AES}`,
      KeyState: 'Enabled',
      KeySpec: 'Aliyun_AES_256',
      KeyUsage: 'ENCRYPT/DECRYPT',
      Origin: 'Aliyun_KMS',
      ProtectionLevel: 'SOFTWARE',
      CreationDate: expect.stringMatching(ISO_SECONDS),
      Creator: DEMO_ACCOUNT_ID,
      Description: 'keyguard demo AES key',
      PrimaryKeyVersion: expect.any(String),
      AutomaticRotation: 'Disabled',
      LastRotationDate: expect.stringMatching(ISO_SECONDS),
      // The demo seeds its keys protected against deletion.
      DeletionProtection: 'Enabled',
      DKMSInstanceId: '',
    });
  });

  it.each(['acs3', 'v2'] as const)(
    'returns DeletionProtection through openapi-client (%s)',
    async (signing) => {
      cloud.control.seed({
        keys: [{ keyId: 'key-protected1', deletionProtection: true }],
      });
      const client = genericKms(cloud, { signing });

      const body = await callKms(client, 'DescribeKey', {
        KeyId: 'key-protected1',
      });

      expect(body.KeyMetadata).toMatchObject({ DeletionProtection: 'Enabled' });
    },
  );

  it('loses DeletionProtection in the KMS SDK model', async () => {
    cloud.control.seed({
      keys: [{ keyId: 'key-protected1', deletionProtection: true }],
    });
    const kms = kmsSdk(cloud);

    const described = await kms.describeKey(
      new DescribeKeyRequest({ keyId: 'key-protected1' }),
    );

    expect(described.keyMetadata.keyState).toBe('Enabled');
    expect(described.keyMetadata).not.toHaveProperty('deletionProtection');
  });

  it("is Forbidden.KeyNotFound through another region's endpoint", async () => {
    const shanghai = kmsSdk(cloud, { region: 'cn-shanghai' });

    const error = await failureOf(
      shanghai.describeKey(new DescribeKeyRequest({ keyId: DEMO_KEY_AES })),
    );

    expect(error.code).toBe('Forbidden.KeyNotFoundError');
    expect(error.data.Code).toBe('Forbidden.KeyNotFound');
    expect(error.message).toContain('code: 404');
  });

  it('finds the key in its region beside a namesake elsewhere', async () => {
    cloud.control.seed({
      keys: [{ keyId: DEMO_KEY_AES, region: 'cn-shanghai', state: 'Disabled' }],
    });

    const [hangzhou, shanghai] = await Promise.all(
      ['cn-hangzhou', 'cn-shanghai'].map((region) =>
        kmsSdk(cloud, { region }).describeKey(
          new DescribeKeyRequest({ keyId: DEMO_KEY_AES }),
        ),
      ),
    );

    expect(hangzhou?.keyMetadata.keyState).toBe('Enabled');
    expect(shanghai?.keyMetadata.keyState).toBe('Disabled');
  });

  it('answers MissingKeyId when no key is named', async () => {
    const client = genericKms(cloud, { signing: 'v2' });

    const error = await failureOf(callKms(client, 'DescribeKey', {}));

    expect(error.code).toBe('MissingKeyId');
    expect(error.data.statusCode).toBe(400);
  });
});

describe('ListKeys', () => {
  it('pages the region’s keys from page 1 with 10 by default', async () => {
    cloud.control.seed({
      keys: Array.from({ length: 11 }, (_, i) => ({
        keyId: `key-page${String(i).padStart(4, '0')}`,
      })),
    });
    const kms = kmsSdk(cloud);

    const first = await kms.listKeys(new ListKeysRequest({}));
    const second = await kms.listKeys(
      new ListKeysRequest({ pageNumber: 2, pageSize: 10 }),
    );

    expect(first.totalCount).toBe(13);
    expect([first.pageNumber, first.pageSize]).toEqual([1, 10]);
    expect(first.keys.key).toHaveLength(10);
    expect(second.keys.key).toHaveLength(3);
    expect(second.keys.key[2]).toEqual({
      keyId: 'key-page0010',
      keyArn: `acs:kms:cn-hangzhou:${DEMO_ACCOUNT_ID}:key/key-page0010`,
    });
  });

  it('lists nothing of another region', async () => {
    const shanghai = kmsSdk(cloud, { region: 'cn-shanghai' });

    const listed = await shanghai.listKeys(new ListKeysRequest({}));

    expect(listed.totalCount).toBe(0);
    expect(listed.keys.key).toEqual([]);
  });

  it.each([0, 101])('refuses PageSize %s', async (pageSize) => {
    const kms = kmsSdk(cloud);

    const error = await failureOf(
      kms.listKeys(new ListKeysRequest({ pageSize })),
    );

    expect(error.data.Code).toBe('InvalidParameter');
    expect(error.data.Message).toContain('PageSize');
  });
});
