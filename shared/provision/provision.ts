import type { Clock } from '../clock.ts';
import type { KmsApi } from '../kms/key-metadata.ts';
import type { Logger } from '../logging.ts';
import type { SlsApi } from '../sls/logstore.ts';
import { type Answer, failure } from './answer.ts';
import { createLogstore } from './create.ts';
import type { KeyRules } from './key-check.ts';
import { verifyKey } from './key-step.ts';
import {
  checkPolicy,
  missingEncryption,
  type Policy,
  policyRefusal,
  resolveRequest,
} from './policy.ts';
import { compareExisting, viewOf } from './read-step.ts';
import type { ResolvedRequest } from './request.ts';
import { validateRequest } from './validate.ts';
import { answerAndLogVendorError } from './vendor-errors.ts';

/**
 * The provisioning core: validate → policy → read the Logstore → check
 * the key → create → read back and compare. It knows nothing of FC
 * events or SDK types; the clients and the retry policy come in as ports.
 */
export interface ProvisionClients {
  /** SLS in a project's region. */
  sls(region: string): SlsApi;
  /** KMS in a key's region. */
  kms(region: string): KmsApi;
}

/** Runs one vendor call with retries inside the invocation's budget. */
export type Retrier = <T>(
  operation: string,
  call: (attempt: number) => Promise<T>,
) => Promise<T>;

export interface ProvisionDeps {
  readonly clients: ProvisionClients;
  readonly policy: Policy;
  readonly keyRules: KeyRules;
  /** Where a request without `region` goes. */
  readonly functionRegion: string;
  /** Fills `{accountId}` in role patterns. */
  readonly accountId: string;
  readonly clock: Clock;
  readonly retry: Retrier;
  readonly logger: Logger;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

const markDry = (answer: Answer, dry: boolean): Answer =>
  dry && answer.dryRun !== true ? { ...answer, dryRun: true } : answer;

const run = async (
  request: ResolvedRequest,
  deps: ProvisionDeps,
): Promise<Answer> => {
  const sls = deps.clients.sls(request.region);
  const started = deps.clock.now();
  const existing = await deps.retry('GetLogStore', () =>
    sls.getLogstore(request.project, request.logstoreName),
  );
  deps.logger.info({
    event: 'provision.read',
    exists: existing !== undefined,
    durationMs: deps.clock.now() - started,
  });
  // An existing Logstore is judged by what it holds; its key is not
  // checked, since nothing will be created with it.
  if (existing !== undefined) return compareExisting(existing, request);

  const refusal = await verifyKey(request, deps);
  if (refusal !== undefined) return refusal;
  if (request.dryRun === true) {
    return {
      status: 200,
      outcome: 'created',
      logstore: viewOf(request),
      dryRun: true,
    };
  }
  return createLogstore(request, sls, deps);
};

export const provisionLogstore = async (
  input: unknown,
  deps: ProvisionDeps,
): Promise<Answer> => {
  const validation = validateRequest(input);
  if (!validation.ok) {
    const errors = [
      ...validation.errors,
      ...missingEncryption(input, deps.policy),
    ];
    return failure(
      'invalid_request',
      `the request has ${count(errors.length, 'error')}`,
      errors,
    );
  }
  const dry = validation.request.dryRun === true;
  const resolution = resolveRequest(
    validation.request,
    deps.policy,
    deps.functionRegion,
  );
  if (!resolution.ok) {
    return markDry(
      failure('invalid_request', 'the request has 1 error', resolution.errors),
      dry,
    );
  }
  const request = resolution.request;
  const logger = deps.logger.child({
    project: request.project,
    logstore: request.logstoreName,
  });
  const denied = checkPolicy(request, deps.policy, deps.accountId);
  if (denied.length > 0) {
    logger.info({
      event: 'provision.policy_denied',
      rules: denied.map((e) => e.rule),
    });
    return markDry(policyRefusal(denied), dry);
  }
  try {
    return markDry(await run(request, { ...deps, logger }), dry);
  } catch (error) {
    const answer = answerAndLogVendorError(error, request, logger);
    if (answer === undefined) throw error;
    return markDry(answer, dry);
  }
};
