import {
  constants,
  createPublicKey,
  publicEncrypt,
  type RsaPrivateKey,
} from 'node:crypto';
import {
  CreateKeyRequest,
  DecryptRequest,
  DeleteKeyMaterialRequest,
  DescribeKeyRequest,
  EncryptRequest,
  GetParametersForImportRequest,
  ImportKeyMaterialRequest,
} from '@alicloud/kms20160120';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY_AES } from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { failureOf, type KmsSdkClient, kmsSdk } from './kms-clients.ts';

let cloud: LocalCloud;
let kms: KmsSdkClient;
let keyId: string;
const DAY_MS = 86_400_000;
const MATERIAL = Buffer.alloc(32, 0x5a);

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 13 });
  kms = kmsSdk(cloud);
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(async () => {
  cloud.control.reset();
  const created = await kms.createKey(
    new CreateKeyRequest({ origin: 'EXTERNAL' }),
  );
  keyId = created.keyMetadata.keyId;
});

const PADDING: Record<string, Omit<RsaPrivateKey, 'key'>> = {
  RSAES_PKCS1_V1_5: { padding: constants.RSA_PKCS1_PADDING },
  RSAES_OAEP_SHA_1: { padding: constants.RSA_PKCS1_OAEP_PADDING },
  RSAES_OAEP_SHA_256: {
    padding: constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: 'sha256',
  },
};

/** Wraps material the way a customer's tooling does before importing. */
const importParameters = async (
  algorithm = 'RSAES_OAEP_SHA_256',
  material = MATERIAL,
  forKey = keyId,
) => {
  const parameters = await kms.getParametersForImport(
    new GetParametersForImportRequest({
      keyId: forKey,
      wrappingAlgorithm: algorithm,
      wrappingKeySpec: 'RSA_2048',
    }),
  );
  const publicKey = createPublicKey({
    key: Buffer.from(parameters.publicKey, 'base64'),
    format: 'der',
    type: 'spki',
  });
  const wrapped = publicEncrypt(
    { key: publicKey, ...PADDING[algorithm] },
    material,
  );
  return {
    importToken: parameters.importToken,
    encryptedKeyMaterial: wrapped.toString('base64'),
    tokenExpireTime: parameters.tokenExpireTime,
  };
};

const importMaterial = async (
  expireUnix: number,
  parameters?: Awaited<ReturnType<typeof importParameters>>,
) =>
  kms.importKeyMaterial(
    new ImportKeyMaterialRequest({
      keyId,
      keyMaterialExpireUnix: expireUnix,
      ...(parameters ?? (await importParameters())),
    }),
  );

const metadataOf = async () =>
  (await kms.describeKey(new DescribeKeyRequest({ keyId }))).keyMetadata;

describe('ImportKeyMaterial', () => {
  it.each(['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'])(
    'enables the key with material wrapped by %s',
    async (algorithm) => {
      await importMaterial(0, await importParameters(algorithm));

      const metadata = await metadataOf();
      expect(metadata.keyState).toBe('Enabled');
      expect(metadata.materialExpireTime).toBe('');
    },
  );

  it('reports when the material expires, then expires it', async () => {
    const expireUnix = Math.floor((cloud.clock.now() + 5 * DAY_MS) / 1000);
    await importMaterial(expireUnix);

    const imported = await metadataOf();
    cloud.clock.advance(5 * DAY_MS + 1000);
    const expired = await metadataOf();
    const encrypt = await failureOf(
      kms.encrypt(new EncryptRequest({ keyId, plaintext: 'x' })),
    );

    expect(imported.materialExpireTime).toBe(
      new Date(expireUnix * 1000).toISOString().replace('.000Z', 'Z'),
    );
    expect(expired.keyState).toBe('PendingImport');
    expect(encrypt.data.Code).toBe('Rejected.PendingImport');
  });

  it('takes the same material again; old ciphertext still opens', async () => {
    await importMaterial(0);
    const sealed = await kms.encrypt(
      new EncryptRequest({ keyId, plaintext: 'kept' }),
    );
    await kms.deleteKeyMaterial(new DeleteKeyMaterialRequest({ keyId }));

    await importMaterial(0);
    const opened = await kms.decrypt(
      new DecryptRequest({ ciphertextBlob: sealed.ciphertextBlob }),
    );

    expect(opened.plaintext).toBe('kept');
  });

  it('refuses different material once some was imported', async () => {
    await importMaterial(0);
    await kms.deleteKeyMaterial(new DeleteKeyMaterialRequest({ keyId }));

    const error = await failureOf(
      importMaterial(
        0,
        await importParameters('RSAES_OAEP_SHA_256', Buffer.alloc(32, 1)),
      ),
    );

    expect(error.data.Code).toBe('InvalidParameter');
    expect(error.data.Message).toContain('EncryptedKeyMaterial');
    expect((await metadataOf()).keyState).toBe('PendingImport');
  });

  it('refuses material of the wrong length for the key spec', async () => {
    const error = await failureOf(
      importMaterial(
        0,
        await importParameters('RSAES_OAEP_SHA_256', Buffer.alloc(16, 1)),
      ),
    );

    expect(error.data.Message).toContain('32 bytes');
  });

  it('refuses a token issued for another key', async () => {
    const other = await kms.createKey(
      new CreateKeyRequest({ origin: 'EXTERNAL' }),
    );
    const foreign = await importParameters(
      'RSAES_OAEP_SHA_256',
      MATERIAL,
      other.keyMetadata.keyId,
    );

    const error = await failureOf(importMaterial(0, foreign));

    expect(error.data.Code).toBe('InvalidParameter');
    expect(error.data.Message).toContain('ImportToken');
  });

  it('refuses a token once it has expired (after 24 hours)', async () => {
    const parameters = await importParameters();
    cloud.clock.advance(DAY_MS + 1000);

    const error = await failureOf(importMaterial(0, parameters));

    expect(error.data.Message).toContain('expired');
  });

  it('refuses an expiry in the past', async () => {
    const past = Math.floor((cloud.clock.now() - DAY_MS) / 1000);

    const error = await failureOf(importMaterial(past));

    expect(error.data.Message).toContain('KeyMaterialExpireUnix');
  });
});

describe('DeleteKeyMaterial', () => {
  it('puts the key back to PendingImport', async () => {
    await importMaterial(0);

    await kms.deleteKeyMaterial(new DeleteKeyMaterialRequest({ keyId }));

    expect((await metadataOf()).keyState).toBe('PendingImport');
  });

  it('is refused for a key KMS made itself', async () => {
    const error = await failureOf(
      kms.deleteKeyMaterial(
        new DeleteKeyMaterialRequest({ keyId: DEMO_KEY_AES }),
      ),
    );

    expect(error.data.Code).toBe('UnsupportedOperation');
  });
});

describe('GetParametersForImport', () => {
  it('hands out a token valid for 24 hours', async () => {
    const before = cloud.clock.now();

    const parameters = await importParameters();

    const expiresAt = Date.parse(parameters.tokenExpireTime);
    expect(expiresAt).toBeGreaterThanOrEqual(before + DAY_MS - 1000);
    expect(expiresAt).toBeLessThanOrEqual(cloud.clock.now() + DAY_MS);
  });

  it('refuses an SM2 wrapping key, naming the field', async () => {
    const error = await failureOf(
      kms.getParametersForImport(
        new GetParametersForImportRequest({
          keyId,
          wrappingAlgorithm: 'SM2PKE',
          wrappingKeySpec: 'EC_SM2',
        }),
      ),
    );

    expect(error.data.Message).toContain('WrappingAlgorithm');
  });
});
