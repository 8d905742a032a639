import { KeyguardError } from '../errors.ts';
import { token } from '../vendor-error.ts';
import type { KeyMetadata } from './key-metadata.ts';

/**
 * DescribeKey's `KeyMetadata` (PascalCase, as KMS sends it) in keyguard's
 * names. Empty strings mean "absent" in KMS answers (MaterialExpireTime of
 * a key whose material never expires), so they are left out.
 */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** KMS says `Enabled`/`Disabled`; a boolean is taken as is. */
const deletionProtectionOf = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (value === 'Enabled') return true;
  if (value === 'Disabled') return false;

  return undefined;
};

const OPTIONAL_TEXT = {
  arn: 'Arn',
  keySpec: 'KeySpec',
  keyUsage: 'KeyUsage',
  origin: 'Origin',
  protectionLevel: 'ProtectionLevel',
  creationDate: 'CreationDate',
  description: 'Description',
  deleteDate: 'DeleteDate',
  materialExpireTime: 'MaterialExpireTime',
  dkmsInstanceId: 'DKMSInstanceId',
} as const satisfies Record<string, string>;

export const keyMetadataFromBody = (
  body: unknown,
  asked: { readonly keyId: string; readonly region: string },
): KeyMetadata => {
  const answer =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>).KeyMetadata
      : undefined;
  const wire =
    typeof answer === 'object' && answer !== null
      ? (answer as Record<string, unknown>)
      : undefined;
  const keyState = text(wire?.KeyState);
  if (wire === undefined || keyState === undefined) {
    // Never guess a state: an answer without one is not "healthy".
    const requestId = token(
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>).RequestId
        : undefined,
    );
    throw new KeyguardError('KMS DescribeKey answered without a KeyState', {
      code: 'upstream_error',
      status: 502,
      context: {
        service: 'kms',
        operation: 'DescribeKey',
        ...asked,
        vendorStatus: 200,
        ...(requestId === undefined ? {} : { requestId }),
      },
    });
  }

  const metadata: Mutable<KeyMetadata> = {
    keyId: text(wire.KeyId) ?? asked.keyId,
    region: asked.region,
    keyState,
  };
  for (const [ours, theirs] of Object.entries(OPTIONAL_TEXT)) {
    const value = text(wire[theirs]);
    if (value !== undefined) {
      metadata[ours as keyof typeof OPTIONAL_TEXT] = value;
    }
  }
  const protection = deletionProtectionOf(wire.DeletionProtection);
  if (protection !== undefined) metadata.deletionProtection = protection;

  return metadata;
};
