/**
 * The `encrypt_type` values of the current SLS API reference. The emulator
 * accepts exactly these and the product's validator allows exactly these, so
 * the two cannot drift. Older pages list only `default` and `m4`; some
 * translated pages say `sm4`, which SLS refuses.
 */
export const ENCRYPT_TYPES = [
  'default',
  'm4',
  'sm4_ecb',
  'sm4_cbc',
  'sm4_gcm',
  'aes_ecb',
  'aes_cbc',
  'aes_cfb',
  'aes_ofb',
  'aes_gcm',
] as const;

export type EncryptType = (typeof ENCRYPT_TYPES)[number];

export const isEncryptType = (value: unknown): value is EncryptType =>
  typeof value === 'string' &&
  (ENCRYPT_TYPES as readonly string[]).includes(value);

export type CipherFamily = 'AES' | 'SM4';

/** `default` and `aes_*` are AES; `m4` and `sm4_*` are SM4. */
export const cipherFamilyOf = (type: EncryptType): CipherFamily =>
  type === 'm4' || type.startsWith('sm4_') ? 'SM4' : 'AES';

/**
 * Which KMS key specs may protect which family. Not documented by SLS; this
 * is the safe pairing (platform-facts §2).
 */
export const keySpecFitsFamily = (
  keySpec: string,
  family: CipherFamily,
): boolean =>
  family === 'SM4'
    ? keySpec === 'Aliyun_SM4'
    : keySpec.startsWith('Aliyun_AES_');
