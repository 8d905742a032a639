import { KEY_STATE, type KmsKey, ORIGIN } from './key.ts';
import { isoSeconds } from './time.ts';

/**
 * DescribeKey's `KeyMetadata`, every field platform-facts §3 lists,
 * including the two the npm SDK's model drops (DeletionProtection,
 * DKMSInstanceId). Fields that only make sense in some states are left
 * out otherwise, as KMS does.
 */
export const rotationSeconds = (interval: string): number | undefined => {
  const match = /^(\d+)s$/.exec(interval);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

export const keyMetadata = (key: KmsKey): Record<string, string> => {
  const created = isoSeconds(key.createdAt);
  const metadata: Record<string, string> = {
    KeyId: key.keyId,
    Arn: key.arn,
    KeyState: key.state,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    Origin: key.origin,
    ProtectionLevel: key.protectionLevel,
    CreationDate: created,
    Creator: key.creator,
    Description: key.description,
    PrimaryKeyVersion: key.primaryKeyVersion,
    AutomaticRotation: key.automaticRotation,
    LastRotationDate: created,
    DeletionProtection: key.deletionProtection ? 'Enabled' : 'Disabled',
    DKMSInstanceId: '',
  };
  if (key.state === KEY_STATE.pendingDeletion && key.deleteAt !== undefined) {
    metadata.DeleteDate = isoSeconds(key.deleteAt);
  }
  if (key.origin === ORIGIN.external) {
    // Empty means the loaded material never expires (or none is loaded).
    metadata.MaterialExpireTime =
      key.materialExpireAt === undefined
        ? ''
        : isoSeconds(key.materialExpireAt);
  }
  const seconds =
    key.rotationInterval === undefined
      ? undefined
      : rotationSeconds(key.rotationInterval);
  if (key.rotationInterval !== undefined && seconds !== undefined) {
    metadata.RotationInterval = key.rotationInterval;
    metadata.NextRotationDate = isoSeconds(key.createdAt + seconds * 1000);
  }
  return metadata;
};

/** What a test sees of a key: the metadata plus the emulator's own view. */
export interface KeySnapshot {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly state: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly deletionProtectionDescription: string;
  /** Whether the key has usable material now (never the bytes). */
  readonly materialLoaded: boolean;
}

export const keySnapshot = (key: KmsKey): KeySnapshot => ({
  accountId: key.accountId,
  region: key.region,
  keyId: key.keyId,
  state: key.state,
  metadata: keyMetadata(key),
  deletionProtectionDescription: key.deletionProtectionDescription,
  materialLoaded: key.materialLoaded,
});
