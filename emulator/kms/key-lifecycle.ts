import {
  invalidParameter,
  KmsError,
  rejectedByState,
  stateModifiedFailed,
  unsupportedOperation,
} from './errors.ts';
import { KEY_STATE, type KmsKey, ORIGIN } from './key.ts';
import { DAY_MS } from './time.ts';

/**
 * The key's state machine. Dates are not acted on by a timer: every
 * access first settles the key against the clock, so moving the clock is
 * enough for a deletion to complete or imported material to expire.
 */
export const PENDING_WINDOW_DAYS = { min: 7, max: 366 } as const;

/** Applies what the clock says has happened; 'gone' once deleted. */
export const settle = (key: KmsKey, now: number): 'present' | 'gone' => {
  if (
    key.state === KEY_STATE.pendingDeletion &&
    key.deleteAt !== undefined &&
    now >= key.deleteAt
  ) {
    return 'gone';
  }
  if (
    key.materialLoaded &&
    key.materialExpireAt !== undefined &&
    now >= key.materialExpireAt
  ) {
    unloadMaterial(key);
  }
  return 'present';
};

const unloadMaterial = (key: KmsKey): void => {
  key.materialLoaded = false;
  key.materialExpireAt = undefined;
  if (key.state === KEY_STATE.enabled || key.state === KEY_STATE.disabled) {
    key.state = KEY_STATE.pendingImport;
  }
};

/** Only an Enabled key encrypts, decrypts or makes data keys. */
export const assertUsable = (key: KmsKey): void => {
  if (key.state !== KEY_STATE.enabled) {
    throw rejectedByState(key.keyId, key.state);
  }
};

const assertNotPendingDeletion = (key: KmsKey): void => {
  if (key.state === KEY_STATE.pendingDeletion) {
    throw rejectedByState(key.keyId, key.state);
  }
};

const assertSwitchable = (key: KmsKey): void => {
  if (key.state !== KEY_STATE.enabled && key.state !== KEY_STATE.disabled) {
    throw stateModifiedFailed(key.keyId, key.state);
  }
};

export const enableKey = (key: KmsKey): void => {
  assertSwitchable(key);
  key.state = KEY_STATE.enabled;
};

export const disableKey = (key: KmsKey): void => {
  assertSwitchable(key);
  key.state = KEY_STATE.disabled;
};

export const scheduleDeletion = (
  key: KmsKey,
  days: number,
  now: number,
): void => {
  if (key.deletionProtection) {
    throw new KmsError(
      403,
      'Forbidden.ResourceProtected',
      `Key ${key.keyId} has deletion protection enabled; disable it first.`,
    );
  }
  assertNotPendingDeletion(key);
  if (
    !Number.isInteger(days) ||
    days < PENDING_WINDOW_DAYS.min ||
    days > PENDING_WINDOW_DAYS.max
  ) {
    const { min, max } = PENDING_WINDOW_DAYS;
    throw invalidParameter(
      'PendingWindowInDays',
      `an integer from ${min} to ${max}`,
    );
  }
  key.state = KEY_STATE.pendingDeletion;
  key.deleteAt = now + days * DAY_MS;
};

/** Back to Enabled, or to PendingImport when no material is loaded. */
export const cancelDeletion = (key: KmsKey): void => {
  if (key.state !== KEY_STATE.pendingDeletion) {
    throw stateModifiedFailed(key.keyId, key.state);
  }
  key.deleteAt = undefined;
  key.state = key.materialLoaded ? KEY_STATE.enabled : KEY_STATE.pendingImport;
};

export const setDeletionProtection = (
  key: KmsKey,
  enabled: boolean,
  description: string,
): void => {
  assertNotPendingDeletion(key);
  key.deletionProtection = enabled;
  key.deletionProtectionDescription = enabled ? description : '';
};

export const assertExternal = (key: KmsKey): void => {
  if (key.origin !== ORIGIN.external) {
    throw unsupportedOperation(
      `Key ${key.keyId} has origin ${key.origin}; key material can only be` +
        ' imported into or deleted from EXTERNAL keys.',
    );
  }
};

/** Loads imported material; expireAt undefined means it never expires. */
export const importMaterial = (
  key: KmsKey,
  material: Buffer,
  expireAt: number | undefined,
): void => {
  assertExternal(key);
  assertNotPendingDeletion(key);
  if (key.material !== undefined && !key.material.equals(material)) {
    throw invalidParameter(
      'EncryptedKeyMaterial',
      'only the key material imported before can be imported again',
    );
  }
  key.material = material;
  key.materialLoaded = true;
  key.materialExpireAt = expireAt;
  if (key.state === KEY_STATE.pendingImport) key.state = KEY_STATE.enabled;
};

export const deleteMaterial = (key: KmsKey): void => {
  assertExternal(key);
  assertNotPendingDeletion(key);
  key.materialLoaded = false;
  key.materialExpireAt = undefined;
  key.state = KEY_STATE.pendingImport;
};
