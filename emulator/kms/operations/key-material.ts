import { invalidParameter, rejectedByState } from '../errors.ts';
import { KEY_STATE, SYMMETRIC_SPECS } from '../key.ts';
import {
  IMPORT_TOKEN_TTL_MS,
  WRAPPING_ALGORITHMS,
  WRAPPING_KEY_SPECS,
  type WrappingAlgorithm,
} from '../key-import.ts';
import {
  assertExternal,
  deleteMaterial,
  importMaterial,
} from '../key-lifecycle.ts';
import { isoSeconds } from '../time.ts';
import { keyParam, type Operation } from './context.ts';

/**
 * Bring-your-own-key material for EXTERNAL keys: GetParametersForImport,
 * ImportKeyMaterial (with KeyMaterialExpireUnix; 0 means never) and
 * DeleteKeyMaterial.
 */
const oneOf = <T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
): T => {
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParameter(name, `one of ${allowed.join(', ')}`);
  }
  return value as T;
};

export const getParametersForImport: Operation = {
  write: false,
  run(context) {
    const { params } = context;
    const key = keyParam(context);
    assertExternal(key);
    if (key.state === KEY_STATE.pendingDeletion) {
      throw rejectedByState(key.keyId, key.state);
    }
    const algorithm: WrappingAlgorithm = oneOf(
      'WrappingAlgorithm',
      params.required('WrappingAlgorithm'),
      WRAPPING_ALGORITHMS,
    );
    oneOf(
      'WrappingKeySpec',
      params.required('WrappingKeySpec'),
      WRAPPING_KEY_SPECS,
    );
    const expiresAt = context.now + IMPORT_TOKEN_TTL_MS;
    const token = context.imports.issue(
      {
        accountId: key.accountId,
        region: key.region,
        keyId: key.keyId,
        algorithm,
        expiresAt,
      },
      context.random,
    );
    return {
      body: {
        KeyId: key.keyId,
        ImportToken: token,
        PublicKey: context.imports.publicKey(),
        TokenExpireTime: isoSeconds(expiresAt),
      },
    };
  },
};

/** Unix seconds; zero (or nothing) means the material never expires. */
const expiryOf = (seconds: number, now: number): number | undefined => {
  if (seconds === 0) return undefined;
  if (seconds * 1000 <= now) {
    throw invalidParameter(
      'KeyMaterialExpireUnix',
      '0 or a time in the future',
    );
  }
  return seconds * 1000;
};

export const importKeyMaterial: Operation = {
  write: true,
  run(context) {
    const { params } = context;
    const key = keyParam(context);
    assertExternal(key);
    const ticket = context.imports.redeem(
      params.required('ImportToken'),
      key,
      context.now,
    );
    const expireAt = expiryOf(
      params.integer(
        'KeyMaterialExpireUnix',
        { min: 0, max: Number.MAX_SAFE_INTEGER },
        0,
      ),
      context.now,
    );
    const material = context.imports.unwrap(
      ticket,
      params.required('EncryptedKeyMaterial'),
    );
    const length = SYMMETRIC_SPECS[key.keySpec];
    if (material.length !== length) {
      throw invalidParameter(
        'EncryptedKeyMaterial',
        `${key.keySpec} key material is ${length} bytes`,
      );
    }
    importMaterial(key, material, expireAt);
    return { body: {}, keyId: key.keyId };
  },
};

export const deleteKeyMaterial: Operation = {
  write: true,
  run(context) {
    const key = keyParam(context);
    deleteMaterial(key);
    return { body: {}, keyId: key.keyId };
  },
};
