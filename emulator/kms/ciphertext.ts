import { createCipheriv, createDecipheriv } from 'node:crypto';
import { invalidParameter } from './errors.ts';

/**
 * The ciphertext blob Encrypt and GenerateDataKey return and Decrypt takes:
 * AES-GCM under the key's material, naming the key so that Decrypt needs
 * no KeyId. Layout (then base64):
 *   1 byte version | 1 byte n | n bytes key id | 1 byte m | m bytes key
 *   version id | 12 bytes IV | 16 bytes tag | ciphertext
 * The key id, key version and encryption context are authenticated data,
 * so a blob cannot be moved to another key or context.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  readonly keyId: string;
  readonly keyVersionId: string;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly data: Buffer;
}

const cipherFor = (material: Buffer) =>
  `aes-${material.length * 8}-gcm` as 'aes-256-gcm';

const associatedData = (
  keyId: string,
  keyVersionId: string,
  context: Readonly<Record<string, string>>,
): Buffer => {
  const sorted = Object.keys(context)
    .sort()
    .map((name) => [name, context[name]]);
  return Buffer.from(JSON.stringify([keyId, keyVersionId, sorted]));
};

export const seal = (
  material: Buffer,
  keyId: string,
  keyVersionId: string,
  plaintext: Buffer,
  context: Readonly<Record<string, string>>,
  iv: Buffer,
): string => {
  const cipher = createCipheriv(cipherFor(material), material, iv);
  cipher.setAAD(associatedData(keyId, keyVersionId, context));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const id = Buffer.from(keyId);
  const version = Buffer.from(keyVersionId);
  return Buffer.concat([
    Buffer.from([VERSION, id.length]),
    id,
    Buffer.from([version.length]),
    version,
    iv,
    cipher.getAuthTag(),
    data,
  ]).toString('base64');
};

const notOurs = () =>
  invalidParameter('CiphertextBlob', 'not a ciphertext made by this KMS');

/** Reads the blob's header; the key is looked up before opening it. */
export const parseBlob = (blob: string): Sealed => {
  const bytes = Buffer.from(blob, 'base64');
  if (bytes[0] !== VERSION || bytes.length < 2) throw notOurs();
  const idEnd = 2 + (bytes[1] ?? 0);
  const versionEnd = idEnd + 1 + (bytes[idEnd] ?? 0);
  const ivEnd = versionEnd + IV_BYTES;
  const tagEnd = ivEnd + TAG_BYTES;
  if (bytes.length < tagEnd) throw notOurs();
  return {
    keyId: bytes.subarray(2, idEnd).toString(),
    keyVersionId: bytes.subarray(idEnd + 1, versionEnd).toString(),
    iv: bytes.subarray(versionEnd, ivEnd),
    tag: bytes.subarray(ivEnd, tagEnd),
    data: bytes.subarray(tagEnd),
  };
};

export const open = (
  material: Buffer,
  sealed: Sealed,
  context: Readonly<Record<string, string>>,
): Buffer => {
  try {
    const decipher = createDecipheriv(cipherFor(material), material, sealed.iv);
    decipher.setAAD(associatedData(sealed.keyId, sealed.keyVersionId, context));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.data), decipher.final()]);
  } catch {
    throw invalidParameter(
      'CiphertextBlob',
      'it does not decrypt under this key and encryption context',
    );
  }
};

export const CIPHERTEXT_IV_BYTES = IV_BYTES;
