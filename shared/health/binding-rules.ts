import { type Binding, logstorePath } from './binding.ts';
import type { Finding } from './finding.ts';
import { keyRefOf } from './key-checks.ts';

/**
 * Findings about how a Logstore is protected, needing no KMS call.
 * Policy `encrypted` warns about Logstores without encryption; `byok`
 * also about Logstores on SLS's service key; `any` about neither.
 */
export const ENCRYPTION_POLICIES = ['any', 'encrypted', 'byok'] as const;

export type EncryptionPolicy = (typeof ENCRYPTION_POLICIES)[number];

/** SLS keeps any text it was given; a long one is cut for the alert. */
const heldRegion = (region: string | undefined): string =>
  region === undefined
    ? 'SLS holds no region for the key of these Logstores'
    : `The region SLS holds for the key of these Logstores, ` +
      `${JSON.stringify(region.slice(0, 64))}, is not a region id`;

export const evaluateBinding = (
  binding: Binding,
  policy: EncryptionPolicy,
): Finding | undefined => {
  const logstores = [logstorePath(binding)];
  if (binding.protection === 'none' && policy !== 'any') {
    return {
      kind: 'logstore_unencrypted',
      severity: 'warning',
      detail: 'These Logstores are not encrypted.',
      remedy:
        'Encryption can be added once to an unencrypted Logstore, or ' +
        'create an encrypted Logstore and move the writers to it.',
      logstores,
      dates: [],
    };
  }
  if (binding.protection === 'service_key' && policy === 'byok') {
    return {
      kind: 'service_key_not_allowed',
      severity: 'warning',
      detail:
        "These Logstores use SLS's service key where policy requires " +
        "the customer's own key.",
      remedy:
        'A Logstore cannot move to another key: create a Logstore with ' +
        'your own key and move the writers to it.',
      logstores,
      dates: [],
    };
  }
  if (binding.protection === 'byok' && keyRefOf(binding) === undefined) {
    return {
      kind: 'key_region_unknown',
      severity: 'warning',
      ...(binding.keyId === undefined ? {} : { keyId: binding.keyId }),
      detail:
        `${heldRegion(binding.keyRegion)}, so keyguard cannot check the ` +
        'key (asking another region would wrongly say it is gone).',
      remedy:
        'Check the key in the KMS console of the project region; the ' +
        "binding's region cannot be changed.",
      logstores,
      dates: [],
    };
  }
  return undefined;
};
