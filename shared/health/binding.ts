import type { Logstore } from '../sls/logstore.ts';

/**
 * A binding is what protects one Logstore: nothing, SLS's service key, or
 * the customer's own key (BYOK). A Logstore's encryption settings cannot
 * change once set (platform-facts §2), which is what makes caching
 * bindings between runs safe.
 */
export const PROTECTIONS = ['none', 'service_key', 'byok'] as const;

export type Protection = (typeof PROTECTIONS)[number];

export interface Binding {
  readonly project: string;
  readonly logstore: string;
  /** The region of the project, where the Logstore lives. */
  readonly projectRegion: string;
  readonly protection: Protection;
  readonly encryptType?: string;
  readonly keyId?: string;
  /** Absent when SLS holds no region for the key. */
  readonly keyRegion?: string;
  readonly roleArn?: string;
  /** When the binding was read from SLS, epoch milliseconds. */
  readonly readAt: number;
}

export const logstorePath = (binding: {
  readonly project: string;
  readonly logstore: string;
}): string => `${binding.project}/${binding.logstore}`;

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

export const bindingOf = (
  logstore: Logstore,
  projectRegion: string,
  readAt: number,
): Binding => {
  const base = {
    project: logstore.project,
    logstore: logstore.logstoreName,
    projectRegion,
    readAt,
  };
  const conf = logstore.encrypt_conf;
  // `enable: false` is the one switch SLS lets change: data written
  // while it is off is not encrypted, so it counts as unprotected.
  if (conf === undefined || !conf.enable) {
    return { ...base, protection: 'none' };
  }
  const keyId = nonEmpty(conf.user_cmk_info?.cmk_key_id);
  if (keyId === undefined) {
    return {
      ...base,
      protection: 'service_key',
      encryptType: conf.encrypt_type,
    };
  }
  const keyRegion = nonEmpty(conf.user_cmk_info?.region_id);
  const roleArn = nonEmpty(conf.user_cmk_info?.arn);
  return {
    ...base,
    protection: 'byok',
    encryptType: conf.encrypt_type,
    keyId,
    ...(keyRegion === undefined ? {} : { keyRegion }),
    ...(roleArn === undefined ? {} : { roleArn }),
  };
};
