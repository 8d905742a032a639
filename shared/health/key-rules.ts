import type { KeyMetadata } from '../kms/key-metadata.ts';
import { parseKmsTime } from '../kms/kms-time.ts';
import { DAY_MS, daysPhrase, formatUtc, wholeDaysBetween } from './dates.ts';
import type { Finding } from './finding.ts';
import type { Severity } from './severity.ts';

/**
 * The rules that turn one DescribeKey answer into findings. A key in a
 * state keyguard does not know is a warning, never healthy.
 */
export interface KeyRulePolicy {
  /** Imported material expiring within this many days (inclusive, to
   * the millisecond): warning. */
  readonly expiryWarningDays: number;
  /** Within this many days (inclusive) the warning becomes critical. */
  readonly expiryCriticalDays: number;
  /** Whether deletion protection off is worth a warning. */
  readonly requireDeletionProtection: boolean;
}

type KeyFinding = Omit<Finding, 'logstores'>;

const about = (
  meta: KeyMetadata,
  kind: Finding['kind'],
  severity: Severity,
  detail: string,
  remedy: string,
  dates: Finding['dates'] = [],
): KeyFinding => ({
  kind,
  severity,
  detail,
  remedy,
  keyId: meta.keyId,
  keyRegion: meta.region,
  keyState: meta.keyState,
  dates,
});

const stateFinding = (meta: KeyMetadata, now: number): KeyFinding[] => {
  switch (meta.keyState) {
    case 'Enabled':
      return [];
    case 'Disabled':
      return [
        about(
          meta,
          'key_disabled',
          'critical',
          'The key is disabled: reads and writes on these Logstores fail now.',
          `Enable the key again (KMS EnableKey on ${meta.keyId} in ` +
            `${meta.region}) if it was disabled by mistake.`,
        ),
      ];
    case 'PendingDeletion':
      return [pendingDeletion(meta, now)];
    case 'PendingImport':
      return [
        about(
          meta,
          'key_pending_import',
          'critical',
          'The key has no usable key material: reads and writes on these ' +
            'Logstores fail now.',
          'Import key material (GetParametersForImport, then ' +
            'ImportKeyMaterial). A key that had material before accepts ' +
            'only that same material again.',
        ),
      ];
    default:
      return [
        about(
          meta,
          'key_state_unknown',
          'warning',
          `Unrecognised key state "${meta.keyState}": keyguard cannot tell ` +
            'whether these Logstores are still readable.',
          'Check the key in the KMS console and whether SLS can still ' +
            'read these Logstores.',
        ),
      ];
  }
};

const pendingDeletion = (meta: KeyMetadata, now: number): KeyFinding => {
  const deleteAt = parseKmsTime(meta.deleteDate);
  const dates =
    deleteAt === undefined ? [] : [{ label: 'Deletion date', at: deleteAt }];
  // KMS deletes a key some time after its date, and until then the key
  // still answers PendingDeletion: the date is past, yet cancelling may
  // still work.
  if (deleteAt !== undefined && deleteAt <= now) {
    return about(
      meta,
      'key_pending_deletion',
      'critical',
      `The key was scheduled for deletion on ${formatUtc(deleteAt)}, a ` +
        'date that has passed: KMS may delete it at any moment, and the ' +
        'data in these Logstores with it. Reads and writes fail now.',
      'Try to cancel the deletion (KMS CancelKeyDeletion) at once: until ' +
        'KMS has deleted the key, this still saves the data.',
      dates,
    );
  }
  const when =
    deleteAt === undefined
      ? 'on a date KMS did not report'
      : `on ${formatUtc(deleteAt)}, ` +
        `${daysPhrase(wholeDaysBetween(now, deleteAt))} from now`;
  return about(
    meta,
    'key_pending_deletion',
    'critical',
    `The key is scheduled for deletion ${when}: reads and writes fail ` +
      'now, and once it is deleted the data in these Logstores is lost ' +
      'for good.',
    'Cancel the deletion (KMS CancelKeyDeletion) before that date: this ' +
      'still saves the data.',
    dates,
  );
};

const unreadableExpiry = (meta: KeyMetadata, raw: string): KeyFinding =>
  about(
    meta,
    'material_expiry_unknown',
    'warning',
    `KMS reported MaterialExpireTime ${JSON.stringify(raw)}, which ` +
      'keyguard cannot read as a date: it cannot tell when the imported ' +
      'key material expires, and once it does, reads and writes on these ' +
      'Logstores fail.',
    `Check the material's expiry in the KMS console (DescribeKey on ` +
      `${meta.keyId} in ${meta.region}) and, if it is near, import the ` +
      'same key material again with a later expiry.',
  );

const materialFinding = (
  meta: KeyMetadata,
  policy: KeyRulePolicy,
  now: number,
): KeyFinding[] => {
  if (meta.keyState === 'PendingImport') return [];
  if (meta.keyState === 'PendingDeletion') return [];
  // Empty means the material never expires; anything else keyguard
  // cannot read is no reason to call the key healthy.
  const raw = meta.materialExpireTime;
  if (raw === undefined || raw.trim() === '') return [];
  const expireAt = parseKmsTime(raw);
  if (expireAt === undefined) return [unreadableExpiry(meta, raw)];
  if (expireAt <= now) {
    const dates = [{ label: 'Key material expired', at: expireAt }];
    return [
      about(
        meta,
        'material_expired',
        'critical',
        `The imported key material expired on ${formatUtc(expireAt)}: ` +
          'reads and writes on these Logstores fail.',
        'Import the same key material again with a later expiry.',
        dates,
      ),
    ];
  }
  // The windows are judged on the exact time left; the whole days shown
  // are rounded for reading, and rounding must not move a key across a
  // threshold (13 d 23 h 40 m is within 14 days).
  const leftMs = expireAt - now;
  if (leftMs > policy.expiryWarningDays * DAY_MS) return [];
  const severity =
    leftMs <= policy.expiryCriticalDays * DAY_MS ? 'critical' : 'warning';
  const days = wholeDaysBetween(now, expireAt);
  const dates = [{ label: 'Key material expires', at: expireAt }];
  return [
    about(
      meta,
      'material_expiring',
      severity,
      `The imported key material expires on ${formatUtc(expireAt)}, in ` +
        `${daysPhrase(days)}; then reads and writes on these Logstores fail.`,
      'Import the same key material again with a later expiry before ' +
        'that date.',
      dates,
    ),
  ];
};

const protectionFinding = (
  meta: KeyMetadata,
  policy: KeyRulePolicy,
): KeyFinding[] => {
  // A key pending deletion has protection off by definition; saying so
  // again adds nothing to the critical finding.
  if (!policy.requireDeletionProtection) return [];
  if (meta.keyState === 'PendingDeletion') return [];
  if (meta.deletionProtection !== false) return [];
  return [
    about(
      meta,
      'deletion_protection_off',
      'warning',
      'Deletion protection is off: anyone allowed to schedule the key for ' +
        'deletion can start the clock on these Logstores.',
      'Turn deletion protection on (KMS SetDeletionProtection).',
    ),
  ];
};

export const evaluateKey = (
  meta: KeyMetadata,
  policy: KeyRulePolicy,
  now: number,
): KeyFinding[] => [
  ...stateFinding(meta, now),
  ...materialFinding(meta, policy, now),
  ...protectionFinding(meta, policy),
];

export type { KeyFinding };
