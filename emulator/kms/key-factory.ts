import type { Random } from '../../shared/clock.ts';
import type { SeedKey } from '../types.ts';
import { invalidParameter } from './errors.ts';
import {
  ASYMMETRIC_SPECS,
  DEFAULT_KEY_SPEC,
  isSymmetric,
  KEY_STATE,
  KEY_USAGE,
  type KmsKey,
  keyArn,
  ORIGIN,
  type Origin,
  SYMMETRIC_SPECS,
} from './key.ts';
import { newKeyId, newUuid, randomBytes } from './random-ids.ts';

/** What CreateKey (or a seed) decides about a new key. */
export interface KeyRequest {
  readonly accountId: string;
  readonly region: string;
  readonly keyId?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  readonly origin?: string;
  readonly description?: string;
  readonly protectionLevel?: string;
  readonly rotationInterval?: string;
}

const KEY_SPECS: readonly string[] = [
  ...Object.keys(SYMMETRIC_SPECS),
  ...ASYMMETRIC_SPECS,
];
const USAGES: readonly string[] = Object.values(KEY_USAGE);
const ORIGINS: readonly string[] = Object.values(ORIGIN);
const PROTECTION_LEVELS = ['SOFTWARE', 'HSM'];

const oneOf = (name: string, value: string, allowed: readonly string[]) => {
  if (!allowed.includes(value)) {
    throw invalidParameter(name, `one of ${allowed.join(', ')}`);
  }
  return value;
};

/**
 * Which usages KMS lets each spec have, from CreateKey's API reference:
 * symmetric keys only encrypt, the NIST and SECG curves only sign, RSA
 * and SM2 keys do either (one per key). The console's table lists EC_SM2
 * as sign-only; the API reference is what CreateKey enforces.
 */
const usagesOf = (keySpec: string): readonly string[] => {
  if (isSymmetric(keySpec)) return [KEY_USAGE.encryptDecrypt];
  if (keySpec === 'EC_P256' || keySpec === 'EC_P256K') {
    return [KEY_USAGE.signVerify];
  }
  return USAGES;
};

const checkUsage = (keySpec: string, keyUsage: string): void => {
  const allowed = usagesOf(keySpec);
  if (!allowed.includes(keyUsage)) {
    throw invalidParameter(
      'KeyUsage',
      `a ${keySpec} key is for ${allowed.join(' or ')}, not ${keyUsage}`,
    );
  }
};

/**
 * A new key: Enabled with fresh material, or PendingImport without any
 * when its origin is EXTERNAL.
 */
export const buildKey = (
  request: KeyRequest,
  now: number,
  random: Random,
): KmsKey => {
  const keySpec = oneOf(
    'KeySpec',
    request.keySpec ?? DEFAULT_KEY_SPEC,
    KEY_SPECS,
  );
  const keyUsage = oneOf(
    'KeyUsage',
    request.keyUsage ?? KEY_USAGE.encryptDecrypt,
    USAGES,
  );
  checkUsage(keySpec, keyUsage);
  const origin = oneOf(
    'Origin',
    request.origin ?? ORIGIN.kms,
    ORIGINS,
  ) as Origin;
  const protectionLevel = oneOf(
    'ProtectionLevel',
    request.protectionLevel ?? 'SOFTWARE',
    PROTECTION_LEVELS,
  );
  const external = origin === ORIGIN.external;
  if (external && SYMMETRIC_SPECS[keySpec] === undefined) {
    throw invalidParameter('Origin', 'EXTERNAL goes with symmetric key specs');
  }
  const keyId = request.keyId ?? newKeyId(random);
  return {
    accountId: request.accountId,
    region: request.region,
    keyId,
    arn: keyArn(request.region, request.accountId, keyId),
    keySpec,
    keyUsage,
    origin,
    protectionLevel,
    createdAt: now,
    creator: request.accountId,
    primaryKeyVersion: newUuid(random),
    automaticRotation:
      request.rotationInterval === undefined ? 'Disabled' : 'Enabled',
    rotationInterval: request.rotationInterval,
    description: request.description ?? '',
    state: external ? KEY_STATE.pendingImport : KEY_STATE.enabled,
    deleteAt: undefined,
    deletionProtection: false,
    deletionProtectionDescription: '',
    material: external
      ? undefined
      : randomBytes(random, SYMMETRIC_SPECS[keySpec] ?? 32),
    materialLoaded: !external,
    materialExpireAt: undefined,
  };
};

const parseDate = (name: string, value: string): number => {
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new Error(`seed ${name} "${value}" is no date`);
  return at;
};

/**
 * A key exactly as a test describes it. An EXTERNAL key seeded in a state
 * other than PendingImport holds material, as if it had been imported.
 */
export const seededKey = (seed: SeedKey, now: number, random: Random) => {
  const key = buildKey(seed, now, random);
  const state = seed.state ?? key.state;
  if (
    (state === KEY_STATE.pendingDeletion) !==
    (seed.deleteDate !== undefined)
  ) {
    throw new Error(
      `seed key ${key.keyId}: deleteDate goes with state PendingDeletion, ` +
        'only',
    );
  }
  key.state = state;
  key.description = seed.description ?? '';
  key.deletionProtection = seed.deletionProtection ?? false;
  if (seed.deleteDate !== undefined) {
    key.deleteAt = parseDate('deleteDate', seed.deleteDate);
  }
  if (key.origin === ORIGIN.external && state !== KEY_STATE.pendingImport) {
    key.material = randomBytes(random, SYMMETRIC_SPECS[key.keySpec] ?? 32);
    key.materialLoaded = true;
  }
  if (seed.materialExpireTime !== undefined && seed.materialExpireTime !== '') {
    if (!key.materialLoaded || key.origin !== ORIGIN.external) {
      throw new Error(
        `seed key ${key.keyId}: materialExpireTime needs origin EXTERNAL ` +
          'and a state other than PendingImport (an EXTERNAL key is seeded ' +
          'without material unless its state says otherwise)',
      );
    }
    key.materialExpireAt = parseDate(
      'materialExpireTime',
      seed.materialExpireTime,
    );
  }
  return key;
};
