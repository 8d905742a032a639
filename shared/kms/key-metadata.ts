/**
 * A CMK as DescribeKey reports it, in keyguard's own names, including the
 * fields the npm SDK's model drops (DeletionProtection, DKMSInstanceId).
 * Times stay ISO 8601 UTC strings as KMS sends them; empty means absent.
 */
export interface KeyMetadata {
  readonly keyId: string;
  /** The region whose endpoint answered. */
  readonly region: string;
  readonly arn?: string;
  /** Kept as a string: KMS may add states keyguard does not know. */
  readonly keyState: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  readonly origin?: string;
  readonly protectionLevel?: string;
  readonly creationDate?: string;
  readonly description?: string;
  readonly deleteDate?: string;
  readonly materialExpireTime?: string;
  /** Undefined when KMS did not say. */
  readonly deletionProtection?: boolean;
  readonly dkmsInstanceId?: string;
}

export const KEY_STATES = [
  'Enabled',
  'Disabled',
  'PendingDeletion',
  'PendingImport',
] as const;

/** The KMS calls keyguard makes, per region, in keyguard's own types. */
export interface KmsApi {
  /** Throws a KeyguardError with code `key_not_found` for a missing key. */
  describeKey(keyId: string): Promise<KeyMetadata>;
}
