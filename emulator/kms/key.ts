/**
 * A customer master key as the emulator keeps it. Fields that change over
 * the key's life are mutable; everything else is fixed at creation.
 */
export const KEY_STATE = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  pendingDeletion: 'PendingDeletion',
  pendingImport: 'PendingImport',
} as const;

export const ORIGIN = { kms: 'Aliyun_KMS', external: 'EXTERNAL' } as const;
export type Origin = (typeof ORIGIN)[keyof typeof ORIGIN];

export const KEY_USAGE = {
  encryptDecrypt: 'ENCRYPT/DECRYPT',
  signVerify: 'SIGN/VERIFY',
} as const;

/** Symmetric specs and the length of their material in bytes. */
export const SYMMETRIC_SPECS: Readonly<Record<string, number>> = {
  Aliyun_AES_256: 32,
  Aliyun_AES_128: 16,
  Aliyun_AES_192: 24,
  Aliyun_SM4: 16,
};

export const ASYMMETRIC_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'EC_P256',
  'EC_P256K',
  'EC_SM2',
] as const;

export const DEFAULT_KEY_SPEC = 'Aliyun_AES_256';

export const isSymmetric = (keySpec: string): boolean =>
  SYMMETRIC_SPECS[keySpec] !== undefined;

export interface KmsKey {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly arn: string;
  readonly keySpec: string;
  readonly keyUsage: string;
  readonly origin: Origin;
  readonly protectionLevel: string;
  /** Emulator-clock milliseconds. */
  readonly createdAt: number;
  readonly creator: string;
  readonly primaryKeyVersion: string;
  readonly automaticRotation: 'Enabled' | 'Disabled';
  /** e.g. `604800s`; only with automatic rotation. */
  readonly rotationInterval: string | undefined;
  description: string;
  /** Kept as a string: the service's seedKey hook may hold a state
   * keyguard has never seen (control seeds take only KMS's four). */
  state: string;
  /** Emulator-clock milliseconds; only while PendingDeletion. */
  deleteAt: number | undefined;
  deletionProtection: boolean;
  deletionProtectionDescription: string;
  /**
   * The key's bytes. For EXTERNAL keys they are known once imported and
   * kept afterwards, since only the same material may be imported again.
   */
  material: Buffer | undefined;
  /** Whether the material is usable now (imported and not expired). */
  materialLoaded: boolean;
  /** Emulator-clock milliseconds; undefined means never. */
  materialExpireAt: number | undefined;
}

export const keyArn = (region: string, accountId: string, keyId: string) =>
  `acs:kms:${region}:${accountId}:key/${keyId}`;
