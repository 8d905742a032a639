import { CIPHERTEXT_IV_BYTES, open, parseBlob, seal } from '../ciphertext.ts';
import { invalidParameter, unsupportedOperation } from '../errors.ts';
import { isSymmetric, KEY_USAGE, type KmsKey } from '../key.ts';
import { assertUsable } from '../key-lifecycle.ts';
import { randomBytes } from '../random-ids.ts';
import {
  findKey,
  keyParam,
  type Operation,
  type OperationContext,
} from './context.ts';

/**
 * Encrypt, Decrypt and GenerateDataKey: real AES-GCM under the key's own
 * material, gated by the key's state like KMS (only Enabled keys work).
 * Plaintext is text: Decrypt returns exactly the string Encrypt took, and
 * a data key's plaintext is its base64.
 */
const usableKey = (key: KmsKey): Buffer => {
  if (!isSymmetric(key.keySpec) || key.keyUsage !== KEY_USAGE.encryptDecrypt) {
    throw unsupportedOperation(
      `Key ${key.keyId} (${key.keySpec}, ${key.keyUsage}) does not do` +
        ' symmetric encryption.',
    );
  }
  assertUsable(key);
  if (key.material === undefined || !key.materialLoaded) {
    throw invalidParameter('KeyId', `key ${key.keyId} has no key material`);
  }
  return key.material;
};

const encryptWith = (
  context: OperationContext,
  key: KmsKey,
  plaintext: string,
): Record<string, string> => {
  const material = usableKey(key);
  const blob = seal(
    material,
    key.keyId,
    key.primaryKeyVersion,
    Buffer.from(plaintext),
    context.params.map('EncryptionContext'),
    randomBytes(context.random, CIPHERTEXT_IV_BYTES),
  );
  return {
    KeyId: key.keyId,
    KeyVersionId: key.primaryKeyVersion,
    CiphertextBlob: blob,
  };
};

export const encrypt: Operation = {
  write: false,
  run(context) {
    const plaintext = context.params.required('Plaintext');
    return { body: encryptWith(context, keyParam(context), plaintext) };
  },
};

export const decrypt: Operation = {
  write: false,
  run(context) {
    const sealed = parseBlob(context.params.required('CiphertextBlob'));
    const key = findKey(context, sealed.keyId);
    const material = usableKey(key);
    const plaintext = open(
      material,
      sealed,
      context.params.map('EncryptionContext'),
    );
    return {
      body: {
        KeyId: key.keyId,
        KeyVersionId: sealed.keyVersionId,
        Plaintext: plaintext.toString(),
      },
    };
  },
};

const DATA_KEY_BYTES: Readonly<Record<string, number>> = {
  AES_256: 32,
  AES_128: 16,
};

export const generateDataKey: Operation = {
  write: false,
  run(context) {
    const { params } = context;
    const spec = params.optional('KeySpec');
    if (spec !== undefined && DATA_KEY_BYTES[spec] === undefined) {
      throw invalidParameter('KeySpec', 'AES_256 or AES_128');
    }
    const bytes = params.integer(
      'NumberOfBytes',
      { min: 1, max: 1024 },
      DATA_KEY_BYTES[spec ?? 'AES_256'],
    );
    const key = keyParam(context);
    const dataKey = randomBytes(context.random, bytes).toString('base64');
    return {
      body: { ...encryptWith(context, key, dataKey), Plaintext: dataKey },
    };
  },
};
