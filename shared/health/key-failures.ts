import { isKeyguardError } from '../errors.ts';
import { CALLER_IDENTITY, type Finding, TIME_LIMIT } from './finding.ts';

/**
 * What a failed DescribeKey means. A missing key is a fact (critical:
 * the data cannot be read); every other failure means keyguard could not
 * tell, which is its own kind, naming the likely cause.
 */
type KeyFinding = Omit<Finding, 'logstores'>;

export const keyNotFound = (keyId: string, region: string): KeyFinding => ({
  kind: 'key_not_found',
  severity: 'critical',
  keyId,
  keyRegion: region,
  detail:
    `KMS in ${region} does not know the key: the data in these ` +
    'Logstores cannot be read or written.',
  remedy:
    'If the key was deleted, the data is lost: create new Logstores ' +
    'with a live key and move the writers to them. If the key should ' +
    "exist, check the binding's key id and region.",
  dates: [],
});

const CAUSES: Readonly<Record<string, string>> = {
  access_denied:
    `KMS refused the call: ${CALLER_IDENTITY} most likely lacks ` +
    'kms:DescribeKey on this key (AliyunKMSReadOnlyAccess).',
  throttled:
    'KMS kept throttling the call past every retry (reads share 50 ' +
    'per second per account and region).',
  timeout: 'KMS did not answer in time.',
  upstream_unavailable: 'KMS answered with a server error every time.',
  connection_failed: 'The KMS endpoint could not be reached.',
  deadline: 'The run ran out of time before the key could be read.',
  invalid_region:
    'The key names a region that is no region id, so no KMS endpoint ' +
    'could be asked.',
};

export const causeOf = (error: unknown): string => {
  const code = isKeyguardError(error) ? error.code : undefined;
  return (
    (code === undefined ? undefined : CAUSES[code]) ??
    `KMS answered with an unexpected error (${code ?? 'unknown'}).`
  );
};

export const keyUnverified = (
  keyId: string,
  region: string,
  error: unknown,
): KeyFinding => ({
  kind: 'key_unverified',
  severity: 'unverified',
  keyId,
  keyRegion: region,
  detail: `keyguard could not read the key. ${causeOf(error)}`,
  remedy:
    'Until the key can be read, nobody is warned if it stops working. ' +
    `Check ${CALLER_IDENTITY} and the KMS endpoint for this region.`,
  dates: [],
});

/** A key the run's deadline kept from being read: nothing is known. */
export const keyUnchecked = (keyId: string, region: string): KeyFinding => ({
  kind: 'key_unverified',
  severity: 'unverified',
  keyId,
  keyRegion: region,
  detail:
    "keyguard could not read the key before the run's deadline, so " +
    'its state is unknown.',
  remedy:
    'Until the key can be read, nobody is warned if it stops working. ' +
    'The next run tries again; if runs keep reaching their deadline, ' +
    `raise ${TIME_LIMIT}.`,
  dates: [],
});
