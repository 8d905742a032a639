import {
  DecryptRequest,
  EncryptRequest,
  GenerateDataKeyRequest,
  ScheduleKeyDeletionRequest,
} from '@alicloud/kms20160120';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY_AES, DEMO_KEY_SM4 } from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import {
  callKms,
  failureOf,
  genericKms,
  type KmsSdkClient,
  kmsSdk,
} from './kms-clients.ts';

let cloud: LocalCloud;
let kms: KmsSdkClient;
const KEY = 'key-crypto0001';

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 14 });
  kms = kmsSdk(cloud);
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
  cloud.control.seed({ keys: [{ keyId: KEY }] });
});

describe('Encrypt and Decrypt', () => {
  it.each([DEMO_KEY_AES, DEMO_KEY_SM4])(
    'round-trip text under %s; the blob names the key',
    async (keyId) => {
      const sealed = await kms.encrypt(
        new EncryptRequest({ keyId, plaintext: 'app-audit: 审计 ✓' }),
      );

      const opened = await kms.decrypt(
        new DecryptRequest({ ciphertextBlob: sealed.ciphertextBlob }),
      );

      expect(sealed.keyId).toBe(keyId);
      expect(sealed.ciphertextBlob).not.toContain('app-audit');
      expect(opened.plaintext).toBe('app-audit: 审计 ✓');
      expect(opened.keyId).toBe(keyId);
      expect(opened.keyVersionId).toBe(sealed.keyVersionId);
    },
  );

  it('bind the context: another one does not decrypt', async () => {
    const sealed = await kms.encrypt(
      new EncryptRequest({
        keyId: KEY,
        plaintext: 'secret',
        encryptionContext: { logstore: 'app-audit' },
      }),
    );

    const same = await kms.decrypt(
      new DecryptRequest({
        ciphertextBlob: sealed.ciphertextBlob,
        encryptionContext: { logstore: 'app-audit' },
      }),
    );
    const other = await failureOf(
      kms.decrypt(
        new DecryptRequest({
          ciphertextBlob: sealed.ciphertextBlob,
          encryptionContext: { logstore: 'app-other' },
        }),
      ),
    );

    expect(same.plaintext).toBe('secret');
    expect(other.data.Code).toBe('InvalidParameter');
    expect(other.data.Message).toContain('CiphertextBlob');
  });

  it('cannot open a blob through another region', async () => {
    const sealed = await kms.encrypt(
      new EncryptRequest({ keyId: KEY, plaintext: 'x' }),
    );

    const error = await failureOf(
      kmsSdk(cloud, { region: 'cn-shanghai' }).decrypt(
        new DecryptRequest({ ciphertextBlob: sealed.ciphertextBlob }),
      ),
    );

    expect(error.code).toBe('Forbidden.KeyNotFoundError');
  });

  it('refuse a key pending deletion as 409 PendingDeletion', async () => {
    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId: KEY, pendingWindowInDays: 7 }),
    );

    const error = await failureOf(
      kms.encrypt(new EncryptRequest({ keyId: KEY, plaintext: 'x' })),
    );

    expect(error.code).toBe('Rejected.PendingDeletionError');
    expect(error.message).toContain('code: 409');
  });

  it('refuse a blob that is not one of ours', async () => {
    const error = await failureOf(
      kms.decrypt(new DecryptRequest({ ciphertextBlob: 'bm90IGEgYmxvYg==' })),
    );

    expect(error.data.Code).toBe('InvalidParameter');
  });

  it('work the same through the generic client', async () => {
    const client = genericKms(cloud, { signing: 'acs3' });

    const sealed = await callKms(client, 'Encrypt', {
      KeyId: KEY,
      Plaintext: 'generic',
    });
    const opened = await callKms(client, 'Decrypt', {
      CiphertextBlob: String(sealed.CiphertextBlob),
    });

    expect(opened.Plaintext).toBe('generic');
  });
});

describe('GenerateDataKey', () => {
  it('returns a 32-byte data key and a blob decrypting to it', async () => {
    const generated = await kms.generateDataKey(
      new GenerateDataKeyRequest({ keyId: KEY }),
    );

    const opened = await kms.decrypt(
      new DecryptRequest({ ciphertextBlob: generated.ciphertextBlob }),
    );

    expect(Buffer.from(generated.plaintext, 'base64')).toHaveLength(32);
    expect(opened.plaintext).toBe(generated.plaintext);
  });

  it('makes AES_128 data keys of 16 bytes', async () => {
    const generated = await kms.generateDataKey(
      new GenerateDataKeyRequest({ keyId: KEY, keySpec: 'AES_128' }),
    );

    expect(Buffer.from(generated.plaintext, 'base64')).toHaveLength(16);
  });

  it.each([0, 1025])('refuses NumberOfBytes %s', async (numberOfBytes) => {
    const error = await failureOf(
      kms.generateDataKey(
        new GenerateDataKeyRequest({ keyId: KEY, numberOfBytes }),
      ),
    );

    expect(error.data.Message).toContain('NumberOfBytes');
  });
});
