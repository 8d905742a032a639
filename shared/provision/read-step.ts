import type { Logstore } from '../sls/logstore.ts';
import { type Answer, failure, type LogstoreView, success } from './answer.ts';
import { conflictErrors, drift, encryptionDiff } from './compare.ts';
import { type ResolvedRequest, toLogstoreSpec } from './request.ts';

/**
 * Judging a Logstore that already exists: the same encryption is
 * `unchanged` (other settings that differ are reported as drift, never
 * changed); other encryption is a conflict with a field-level diff.
 */
export const viewOf = (request: ResolvedRequest): LogstoreView => ({
  project: request.project,
  region: request.region,
  ...toLogstoreSpec(request),
});

export const storedView = (stored: Logstore, region: string): LogstoreView => ({
  ...stored,
  region,
});

export const compareExisting = (
  stored: Logstore,
  request: ResolvedRequest,
): Answer => {
  const diff = encryptionDiff(stored.encrypt_conf, request.encrypt_conf);
  if (diff.length > 0) {
    return failure(
      'encryption_conflict',
      `Logstore ${request.project}/${request.logstoreName} exists with ` +
        'other encryption, which cannot be changed',
      conflictErrors(diff),
    );
  }
  return success('unchanged', storedView(stored, request.region), {
    drift: drift(stored, toLogstoreSpec(request)),
  });
};
