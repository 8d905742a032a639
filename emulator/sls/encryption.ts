import { ENCRYPT_TYPES, isEncryptType } from '../../shared/encrypt-types.ts';
import { invalidLogstore, invalidParameter, type SlsError } from './errors.ts';
import {
  expectBoolean,
  expectObject,
  expectString,
  type JsonObject,
} from './json-body.ts';

/**
 * A Logstore's `encrypt_conf` in wire names, stored exactly as sent (the
 * SDK model trap can send `{enable: true}` alone, and SLS keeps it).
 */
export interface WireEncryptConf {
  readonly enable: boolean;
  readonly encrypt_type?: string;
  readonly user_cmk_info?: {
    readonly cmk_key_id: string;
    readonly arn: string;
    readonly region_id: string;
  };
}

const CONF_KEYS = new Set(['enable', 'encrypt_type', 'user_cmk_info']);
const CMK_KEYS = ['cmk_key_id', 'arn', 'region_id'] as const;

const checkType = (
  value: unknown,
  field: string,
  refuse: (message: string) => SlsError,
): string => {
  const type = expectString(value, field);
  if (!isEncryptType(type)) {
    throw refuse(`${field} ${type} is not one of ${ENCRYPT_TYPES.join(', ')}`);
  }
  return type;
};

const nonEmpty = (
  value: unknown,
  field: string,
  refuse: (message: string) => SlsError,
): string => {
  if (value === undefined) throw refuse(`${field} is required`);
  const text = expectString(value, field);
  if (text.trim() === '') throw refuse(`${field} must not be empty`);
  return text;
};

/** Checks a wire-shaped `encrypt_conf` from CreateLogStore/UpdateLogStore. */
export const parseWireEncryptConf = (value: unknown): WireEncryptConf => {
  const conf = expectObject(value, 'encrypt_conf');
  for (const key of Object.keys(conf)) {
    if (!CONF_KEYS.has(key)) {
      throw invalidLogstore(`encrypt_conf.${key} is not a known field`);
    }
  }
  if (conf.enable === undefined) {
    throw invalidLogstore('encrypt_conf.enable is required');
  }
  expectBoolean(conf.enable, 'encrypt_conf.enable');
  if (conf.encrypt_type !== undefined) {
    checkType(conf.encrypt_type, 'encrypt_conf.encrypt_type', invalidLogstore);
  }
  if (conf.user_cmk_info !== undefined) {
    const cmk = expectObject(conf.user_cmk_info, 'encrypt_conf.user_cmk_info');
    for (const key of Object.keys(cmk)) {
      if (!(CMK_KEYS as readonly string[]).includes(key)) {
        throw invalidLogstore(
          `encrypt_conf.user_cmk_info.${key} is not a known field`,
        );
      }
    }
    for (const key of CMK_KEYS) {
      nonEmpty(cmk[key], `encrypt_conf.user_cmk_info.${key}`, invalidLogstore);
    }
  }
  return conf as unknown as WireEncryptConf;
};

const CAMEL_KEYS = new Set(['enable', 'encryptType', 'userCmkInfo']);
const CAMEL_CMK = {
  keyId: 'cmk_key_id',
  roleArn: 'arn',
  regionId: 'region_id',
};

/**
 * UpdateLogStoreEncryption's camelCase body `{enable, encryptType,
 * userCmkInfo: {keyId, roleArn, regionId}}`, turned into wire names.
 */
export const parseCamelEncryption = (body: JsonObject): WireEncryptConf => {
  for (const key of Object.keys(body)) {
    if (!CAMEL_KEYS.has(key)) {
      throw invalidParameter(`${key} is not a known field`);
    }
  }
  if (body.enable === undefined) throw invalidParameter('enable is required');
  const enable = expectBoolean(body.enable, 'enable');
  const conf: { -readonly [K in keyof WireEncryptConf]: WireEncryptConf[K] } = {
    enable,
  };
  if (body.encryptType !== undefined) {
    // An unsupported type is LogStoreInfoInvalid (platform-facts §2), the
    // code CreateLogStore and UpdateLogStore answer for the same value.
    conf.encrypt_type = checkType(
      body.encryptType,
      'encryptType',
      invalidLogstore,
    );
  }
  if (body.userCmkInfo !== undefined) {
    const cmk = expectObject(body.userCmkInfo, 'userCmkInfo');
    const wire: Record<string, string> = {};
    for (const key of Object.keys(cmk)) {
      if (!Object.hasOwn(CAMEL_CMK, key)) {
        throw invalidParameter(`userCmkInfo.${key} is not a known field`);
      }
    }
    for (const [camel, snake] of Object.entries(CAMEL_CMK)) {
      wire[snake] = nonEmpty(
        cmk[camel],
        `userCmkInfo.${camel}`,
        invalidParameter,
      );
    }
    conf.user_cmk_info = wire as unknown as NonNullable<
      WireEncryptConf['user_cmk_info']
    >;
  }
  return conf;
};

export interface FrozenChange {
  /** Wire path, e.g. `encrypt_conf.user_cmk_info.cmk_key_id`. */
  readonly field: string;
  readonly stored: string;
  readonly requested: string;
}

/**
 * Encryption may be added once to an unencrypted Logstore; after that only
 * `enable` may change (platform-facts §2). A field the request leaves out
 * keeps its stored value. Answers the first field that would change.
 */
export const frozenChange = (
  stored: WireEncryptConf | undefined,
  next: WireEncryptConf,
): FrozenChange | undefined => {
  if (stored === undefined) return undefined;
  const storedType = stored.encrypt_type ?? 'default';
  if (next.encrypt_type !== undefined && next.encrypt_type !== storedType) {
    return {
      field: 'encrypt_conf.encrypt_type',
      stored: storedType,
      requested: next.encrypt_type,
    };
  }
  const wanted = next.user_cmk_info;
  if (wanted === undefined) return undefined;
  const had = stored.user_cmk_info;
  if (had === undefined) {
    return {
      field: 'encrypt_conf.user_cmk_info',
      stored: 'the SLS service key',
      requested: `key ${wanted.cmk_key_id}`,
    };
  }
  for (const key of CMK_KEYS) {
    if (wanted[key] !== had[key]) {
      return {
        field: `encrypt_conf.user_cmk_info.${key}`,
        stored: had[key],
        requested: wanted[key],
      };
    }
  }
  return undefined;
};

/** The stored configuration with the request's `enable` applied. */
export const mergeEncryption = (
  stored: WireEncryptConf | undefined,
  next: WireEncryptConf,
): WireEncryptConf =>
  stored === undefined ? next : { ...stored, enable: next.enable };

export const describeFrozen = (logstore: string, change: FrozenChange) =>
  `the encryption of Logstore ${logstore} is fixed once set: ` +
  `${change.field} cannot change from ${change.stored} to ` +
  `${change.requested}; only enable may change`;
