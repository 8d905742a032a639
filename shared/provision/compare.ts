import type { EncryptConf, Logstore, LogstoreSpec } from '../sls/logstore.ts';
import type { FieldError } from './field-error.ts';

/**
 * Compares what SLS holds with what was asked for. Encryption is frozen
 * once a Logstore exists, so any difference there is a conflict (or, right
 * after creating, a sign that the key never reached SLS); other settings
 * that differ are only reported as drift, never changed.
 */
export interface Difference {
  readonly path: string;
  readonly existing: unknown;
  readonly requested: unknown;
}

type StoredConf = Logstore['encrypt_conf'];

const CMK_FIELDS = ['cmk_key_id', 'arn', 'region_id'] as const;

export const encryptionDiff = (
  stored: StoredConf,
  requested: EncryptConf,
): Difference[] => {
  if (stored === undefined) {
    return [{ path: 'encrypt_conf', existing: null, requested }];
  }
  const diff: Difference[] = [];
  if (stored.enable !== requested.enable) {
    diff.push({
      path: 'encrypt_conf.enable',
      existing: stored.enable,
      requested: requested.enable,
    });
  }
  if (stored.encrypt_type !== requested.encrypt_type) {
    diff.push({
      path: 'encrypt_conf.encrypt_type',
      existing: stored.encrypt_type,
      requested: requested.encrypt_type,
    });
  }
  const has = stored.user_cmk_info;
  const wants = requested.user_cmk_info;
  if (has === undefined || wants === undefined) {
    if (has !== wants) {
      diff.push({
        path: 'encrypt_conf.user_cmk_info',
        existing: has ?? null,
        requested: wants ?? null,
      });
    }
    return diff;
  }
  for (const field of CMK_FIELDS) {
    if (has[field] !== wants[field]) {
      diff.push({
        path: `encrypt_conf.user_cmk_info.${field}`,
        existing: has[field],
        requested: wants[field],
      });
    }
  }
  return diff;
};

const DRIFT_FIELDS = [
  'ttl',
  'shardCount',
  'autoSplit',
  'maxSplitShard',
  'hot_ttl',
  'mode',
  'telemetryType',
  'appendMeta',
  'enable_tracking',
  'infrequentAccessTTL',
] as const satisfies readonly (keyof LogstoreSpec)[];

/** Settings the request names that SLS holds with another value. */
export const drift = (stored: Logstore, requested: LogstoreSpec) =>
  DRIFT_FIELDS.flatMap((field): Difference[] => {
    const wants = requested[field];
    const has = stored[field];
    // SLS does not echo every field; silence is not a difference.
    if (wants === undefined || has === undefined || has === wants) return [];
    return [{ path: field, existing: has, requested: wants }];
  });

// Only these two can still change on an existing Logstore: SLS lets
// encryption be added once, and `enable` be switched, by
// UpdateLogStoreEncryption. keyguard itself never changes a Logstore.
const SWITCHABLE = new Set(['encrypt_conf', 'encrypt_conf.enable']);

const remedy = (path: string): string =>
  SWITCHABLE.has(path)
    ? 'keyguard never changes an existing Logstore: turn its encryption ' +
      'on with UpdateLogStoreEncryption, or ask for a new name'
    : 'the algorithm and key are frozen once set: ask for a new name';

export const conflictErrors = (diff: readonly Difference[]): FieldError[] =>
  diff.map((d) => ({
    path: d.path,
    rule: 'encryption_immutable',
    message:
      `the existing Logstore has ${JSON.stringify(d.existing)}, the ` +
      `request asks for ${JSON.stringify(d.requested)}; ${remedy(d.path)}`,
    existing: d.existing,
    requested: d.requested,
  }));
