import { isRegionId } from '../endpoints.ts';
import { isKeyguardError } from '../errors.ts';
import type { KeyMetadata } from '../kms/key-metadata.ts';
import { type Answer, failure, type KeyView } from './answer.ts';
import type { FieldError } from './field-error.ts';
import { checkScope, policyRefusal } from './policy.ts';
import type { ProvisionDeps } from './provision.ts';
import { storedView } from './read-step.ts';
import { validateRequest } from './validate.ts';
import { answerAndLogVendorError, logVendorFailure } from './vendor-errors.ts';

/**
 * `GET /logstores/{project}/{logstore}`: the Logstore's encryption and the
 * current state of its key, read at the key's own region. A key that
 * cannot be read is reported as such, never as healthy.
 */
const keyView = (key: KeyMetadata, region: string): KeyView => {
  const { keyId, keyState, keySpec, keyUsage, origin } = key;
  const optional = {
    keySpec,
    keyUsage,
    origin,
    deleteDate: key.deleteDate,
    materialExpireTime: key.materialExpireTime,
    deletionProtection: key.deletionProtection,
  };
  const present = Object.fromEntries(
    Object.entries(optional).filter(([, v]) => v !== undefined && v !== ''),
  );
  return { keyId, region, keyState, ...present };
};

const readKey = async (
  keyId: string,
  region: string,
  deps: ProvisionDeps,
): Promise<KeyView> => {
  // Asking another region would answer "no such key": a false "deleted"
  // (case K5). Without the key's own region there is nothing to ask.
  if (!isRegionId(region)) {
    return { keyId, keyState: 'Unknown', error: 'region_unknown' };
  }
  try {
    const kms = deps.clients.kms(region);
    const key = await deps.retry('DescribeKey', () => kms.describeKey(keyId));
    return keyView(key, region);
  } catch (error) {
    if (!isKeyguardError(error)) throw error;
    if (error.code === 'key_not_found') {
      return { keyId, region, keyState: 'NotFound' };
    }
    const reason = error.retryable ? 'unavailable' : error.code;
    logVendorFailure(deps.logger, error, reason);
    return { keyId, region, keyState: 'Unknown', error: reason };
  }
};

/** Checks the names with the request's own rules. */
const nameErrors = (project: string, logstore: string, region: string) => {
  const probe = validateRequest({
    project,
    logstoreName: logstore,
    region,
    ttl: 1,
    shardCount: 1,
  });
  return probe.ok ? [] : probe.errors;
};

export const describeLogstore = async (
  target: { project: string; logstore: string; region?: string | undefined },
  deps: ProvisionDeps,
): Promise<Answer> => {
  const region = target.region ?? deps.functionRegion;
  const invalid: readonly FieldError[] = nameErrors(
    target.project,
    target.logstore,
    region,
  );
  if (invalid.length > 0) {
    return failure('invalid_request', 'the path or query is invalid', invalid);
  }
  const logger = deps.logger.child({
    project: target.project,
    logstore: target.logstore,
  });
  const denied = checkScope(target.project, region, deps.policy);
  if (denied.length > 0) {
    logger.info({
      event: 'provision.policy_denied',
      rules: denied.map((e) => e.rule),
    });
    return policyRefusal(denied);
  }
  try {
    const sls = deps.clients.sls(region);
    const stored = await deps.retry('GetLogStore', () =>
      sls.getLogstore(target.project, target.logstore),
    );
    if (stored === undefined) {
      return failure(
        'logstore_not_found',
        `Logstore ${target.project}/${target.logstore} does not exist`,
      );
    }
    const cmk = stored.encrypt_conf?.user_cmk_info;
    const key =
      cmk === undefined
        ? undefined
        : await readKey(cmk.cmk_key_id, cmk.region_id, { ...deps, logger });
    return {
      status: 200,
      outcome: 'found',
      logstore: storedView(stored, region),
      ...(key === undefined ? {} : { key }),
    };
  } catch (error) {
    const answer = answerAndLogVendorError(
      error,
      { project: target.project, region },
      logger,
    );
    if (answer === undefined) throw error;
    return answer;
  }
};
