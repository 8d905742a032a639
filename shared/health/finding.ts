import type { Severity } from './severity.ts';

/**
 * Every kind of finding key-health reports. The names appear in logs, in
 * alert ids, in silences and in the README, so they never change.
 */
export const FINDING_KINDS = [
  'key_disabled',
  'key_pending_deletion',
  'key_pending_import',
  'material_expired',
  'key_not_found',
  'material_expiring',
  'deletion_protection_off',
  'key_state_unknown',
  'material_expiry_unknown',
  'key_region_unknown',
  'logstore_unencrypted',
  'service_key_not_allowed',
  'key_unverified',
  'scan_incomplete',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export const isFindingKind = (value: unknown): value is FindingKind =>
  typeof value === 'string' &&
  (FINDING_KINDS as readonly string[]).includes(value);

/**
 * Who made the calls, in remedies: the function's role when deployed,
 * but whatever credentials `keyguard check` was given on a laptop.
 */
export const CALLER_IDENTITY =
  "the caller's RAM identity (the function's role when deployed)";

/** Where a run's time limit is set, deployed or from the CLI. */
export const TIME_LIMIT =
  "the run's time limit (the function's timeout, or keyguard check " +
  '--timeout)';

/** A date worth showing, kept as epoch milliseconds until formatting. */
export interface FindingDate {
  readonly label: string;
  readonly at: number;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** One plain sentence: what is wrong and what it means for the data. */
  readonly detail: string;
  /** What to do about it. */
  readonly remedy: string;
  readonly keyId?: string;
  readonly keyRegion?: string;
  readonly keyState?: string;
  /** The region a scan coverage finding is about. */
  readonly region?: string;
  /** Affected Logstores as `project/logstore`. */
  readonly logstores: readonly string[];
  readonly dates: readonly FindingDate[];
}
