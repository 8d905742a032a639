import { cipherFamilyOf, keySpecFitsFamily } from '../encrypt-types.ts';
import type { KeyMetadata } from '../kms/key-metadata.ts';
import { parseKmsTime } from '../kms/kms-time.ts';
import type { UserCmkInfo } from '../sls/logstore.ts';
import type { FieldError } from './field-error.ts';
import type { ResolvedRequest } from './request.ts';

/**
 * Whether a CMK can protect the requested Logstore. Encryption settings are
 * frozen once a Logstore exists, so a key that cannot work is refused
 * before creating anything (422), with every reason at once.
 */
export interface KeyRules {
  /** Refuse imported material that expires within this many days. */
  readonly materialExpiryDays: number;
  readonly requireDeletionProtection: boolean;
}

const DAY_MS = 86_400_000;
const KEY_PATH = 'encrypt_conf.user_cmk_info.cmk_key_id';
const REGION_PATH = 'encrypt_conf.user_cmk_info.region_id';
const SYMMETRIC_USAGE = 'ENCRYPT/DECRYPT';
const ASYMMETRIC_SPEC = /^(RSA|EC)_/;

export const keyNotFound = (cmk: UserCmkInfo): FieldError => ({
  path: KEY_PATH,
  rule: 'key_not_found',
  message:
    `key ${cmk.cmk_key_id} does not exist in ${cmk.region_id} ` +
    '(or was deleted)',
});

const specErrors = (key: KeyMetadata, request: ResolvedRequest) => {
  const type = request.encrypt_conf.encrypt_type;
  const family = cipherFamilyOf(type);
  const spec = key.keySpec;
  const wanted = family === 'SM4' ? 'Aliyun_SM4' : 'Aliyun_AES_*';
  if (spec === undefined || spec === '') {
    return [
      {
        path: KEY_PATH,
        rule: 'key_family',
        message: `KMS did not report the key spec; ${type} needs ${wanted}`,
      },
    ];
  }
  if (ASYMMETRIC_SPEC.test(spec)) {
    return [
      {
        path: KEY_PATH,
        rule: 'key_symmetric',
        message:
          `has key spec ${spec}, which is asymmetric; ` +
          'SLS needs a symmetric key',
      },
    ];
  }
  if (!keySpecFitsFamily(spec, family)) {
    return [
      {
        path: KEY_PATH,
        rule: 'key_family',
        message:
          `has key spec ${spec}, but ${type} (${family}) ` + `needs ${wanted}`,
      },
    ];
  }
  return [];
};

const expiryError = (
  key: KeyMetadata,
  rules: KeyRules,
  now: number,
): FieldError | undefined => {
  const expires = key.materialExpireTime;
  if (key.origin !== 'EXTERNAL' || expires === undefined || expires === '') {
    return undefined;
  }
  const at = parseKmsTime(expires);
  if (at === undefined) {
    return {
      path: KEY_PATH,
      rule: 'key_material_expiry',
      message: `imported key material has an unreadable expiry time`,
    };
  }
  if (at - now >= rules.materialExpiryDays * DAY_MS) return undefined;
  const when = at <= now ? 'expired' : 'expires';
  return {
    path: KEY_PATH,
    rule: 'key_material_expiry',
    message:
      `imported key material ${when} at ${expires}, within the ` +
      `${rules.materialExpiryDays} days this function requires`,
  };
};

export const checkKey = (
  key: KeyMetadata,
  request: ResolvedRequest,
  rules: KeyRules,
  now: number,
): FieldError[] => {
  const errors: FieldError[] = [];
  const cmk = request.encrypt_conf.user_cmk_info;
  if (cmk !== undefined && cmk.region_id !== request.region) {
    errors.push({
      path: REGION_PATH,
      rule: 'key_region',
      message:
        `the key is in ${cmk.region_id} but the project is in ` +
        `${request.region}; SLS needs a key in the project's region`,
    });
  }
  // A field KMS left out is refused, never taken as fine: the frozen
  // encryption would be stuck with a key nobody checked.
  if (key.keyState !== 'Enabled') {
    errors.push({
      path: KEY_PATH,
      rule: 'key_state',
      message:
        key.keyState === ''
          ? 'KMS did not report the key state; only an Enabled key can encrypt'
          : `is ${key.keyState}; only an Enabled key can encrypt`,
    });
  }
  if (key.keyUsage === undefined || key.keyUsage === '') {
    errors.push({
      path: KEY_PATH,
      rule: 'key_usage',
      message: `KMS did not report the key usage; SLS needs ${SYMMETRIC_USAGE}`,
    });
  } else if (key.keyUsage !== SYMMETRIC_USAGE) {
    errors.push({
      path: KEY_PATH,
      rule: 'key_usage',
      message: `is for ${key.keyUsage}; SLS needs a key for ${SYMMETRIC_USAGE}`,
    });
  }
  errors.push(...specErrors(key, request));
  const expiry = expiryError(key, rules, now);
  if (expiry !== undefined) errors.push(expiry);
  if (rules.requireDeletionProtection && key.deletionProtection !== true) {
    errors.push({
      path: KEY_PATH,
      rule: 'key_deletion_protection',
      message:
        key.deletionProtection === undefined
          ? 'KMS did not report deletion protection; this function requires it'
          : 'has no deletion protection; this function requires it',
    });
  }
  return errors;
};
