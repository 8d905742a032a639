import { isKeyguardError } from '../errors.ts';
import type { KeyMetadata } from '../kms/key-metadata.ts';
import { type Answer, failure } from './answer.ts';
import { checkKey, keyNotFound } from './key-check.ts';
import type { ProvisionDeps } from './provision.ts';
import type { ResolvedRequest } from './request.ts';

/**
 * DescribeKey at the key's own region, then the key rules. A service-key
 * request has no CMK to check. Answers a 422 refusal, or nothing.
 */
export const verifyKey = async (
  request: ResolvedRequest,
  deps: ProvisionDeps,
): Promise<Answer | undefined> => {
  const cmk = request.encrypt_conf.user_cmk_info;
  if (cmk === undefined) return undefined;
  const started = deps.clock.now();
  const kms = deps.clients.kms(cmk.region_id);
  let key: KeyMetadata | undefined;
  try {
    key = await deps.retry('DescribeKey', () =>
      kms.describeKey(cmk.cmk_key_id),
    );
  } catch (error) {
    if (!(isKeyguardError(error) && error.code === 'key_not_found')) {
      throw error;
    }
  }
  const reasons =
    key === undefined
      ? [keyNotFound(cmk)]
      : checkKey(key, request, deps.keyRules, deps.clock.now());
  deps.logger.info({
    event: 'provision.key_checked',
    keyId: cmk.cmk_key_id,
    keyRegion: cmk.region_id,
    keyState: key?.keyState ?? 'NotFound',
    refused: reasons.map((reason) => reason.rule),
    durationMs: deps.clock.now() - started,
  });
  if (reasons.length === 0) return undefined;
  return failure(
    'key_rejected',
    `key ${cmk.cmk_key_id} cannot protect this Logstore: ` +
      reasons.map((reason) => reason.rule).join(', '),
    reasons,
  );
};
