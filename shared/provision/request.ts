import type { EncryptConf, LogstoreSpec } from '../sls/logstore.ts';

/**
 * A provisioning request: the Logstore in SLS's wire names plus the
 * target. `region` is the project's region; `encrypt_conf` may be left out
 * only where policy defines a default.
 */
export interface ProvisionRequest extends Omit<LogstoreSpec, 'encrypt_conf'> {
  readonly project: string;
  readonly region?: string;
  readonly encrypt_conf?: EncryptConf;
  readonly dryRun?: boolean;
}

/** A request after defaults: the region and encryption are settled. */
export interface ResolvedRequest extends ProvisionRequest {
  readonly region: string;
  readonly encrypt_conf: EncryptConf;
}

/**
 * Names and ranges from platform-facts §1. Where sources disagree the
 * stricter value is taken on purpose: Logstore names of 3–63 characters
 * (one page says 2–63) and hot_ttl of at least 7 days (one page says 30).
 */
export const LIMITS = {
  nameLength: { min: 3, max: 63 },
  ttl: { min: 1, max: 3650 },
  /** The default per-project shard quota; SLS refuses more anyway. */
  shardCount: { min: 1, max: 400 },
  maxSplitShard: { min: 1, max: 256 },
  hotTtl: { min: 7, max: 3650, off: -1 },
  infrequentAccessTtl: { min: 30 },
  keyIdLength: { max: 128 },
} as const;

export const PERMANENT_TTL = 3650;

export const MODES = ['standard', 'query'] as const;
export const TELEMETRY_TYPES = ['None', 'Metrics'] as const;

/** The Logstore fields of a request, as CreateLogStore takes them. */
export const toLogstoreSpec = (request: ResolvedRequest): LogstoreSpec => {
  const { project: _p, region: _r, dryRun: _d, ...spec } = request;
  return spec;
};
