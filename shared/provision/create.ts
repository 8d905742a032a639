import { isKeyguardError } from '../errors.ts';
import type { Logstore, SlsApi } from '../sls/logstore.ts';
import { type Answer, failure, success } from './answer.ts';
import { encryptionDiff } from './compare.ts';
import type { ProvisionDeps } from './provision.ts';
import { compareExisting, storedView } from './read-step.ts';
import { type ResolvedRequest, toLogstoreSpec } from './request.ts';

/**
 * Creates the Logstore idempotently. Every retry reads first: after a
 * timeout or a lost answer the create may have landed, and a second
 * create must not be sent blindly. `LogStoreAlreadyExist` (a concurrent
 * create) is read and compared like any existing Logstore. Nothing here
 * ever updates or deletes a Logstore.
 */
type Attempt =
  | { readonly kind: 'created' }
  /** A retry found it: our earlier create landed, or a twin's did. */
  | { readonly kind: 'found'; readonly logstore: Logstore }
  /** SLS said it already exists: someone else created it. */
  | { readonly kind: 'exists' };

const attemptCreate =
  (request: ResolvedRequest, sls: SlsApi) =>
  async (attempt: number): Promise<Attempt> => {
    if (attempt > 1) {
      const found = await sls.getLogstore(
        request.project,
        request.logstoreName,
      );
      if (found !== undefined) return { kind: 'found', logstore: found };
    }
    try {
      await sls.createLogstore(request.project, toLogstoreSpec(request));
      return { kind: 'created' };
    } catch (error) {
      if (isKeyguardError(error) && error.code === 'logstore_exists') {
        return { kind: 'exists' };
      }
      throw error;
    }
  };

const readBack = async (
  request: ResolvedRequest,
  sls: SlsApi,
  deps: ProvisionDeps,
): Promise<Logstore | undefined> =>
  deps.retry('GetLogStore', () =>
    sls.getLogstore(request.project, request.logstoreName),
  );

export const createLogstore = async (
  request: ResolvedRequest,
  sls: SlsApi,
  deps: ProvisionDeps,
): Promise<Answer> => {
  const started = deps.clock.now();
  const result = await deps.retry(
    'CreateLogStore',
    attemptCreate(request, sls),
  );
  deps.logger.info({
    event: 'provision.create',
    result: result.kind,
    durationMs: deps.clock.now() - started,
  });
  const stored =
    result.kind === 'found'
      ? result.logstore
      : await readBack(request, sls, deps);
  if (stored === undefined) {
    deps.logger.error({ event: 'provision.read_back_missing' });
    return failure(
      'upstream_error',
      'SLS accepted the Logstore but does not show it on reading back',
    );
  }
  if (result.kind === 'exists') return compareExisting(stored, request);

  const diff = encryptionDiff(stored.encrypt_conf, request.encrypt_conf);
  if (diff.length === 0) {
    return success('created', storedView(stored, request.region));
  }
  // The SDK model trap (platform-facts §2): SLS took the create but holds
  // other encryption. Never report that as success. A retry that found
  // the Logstore cannot tell our lost create from a concurrent one, and
  // a 409 would hide the trap, so it is answered the same way.
  deps.logger.error({
    event: 'provision.encryption_not_applied',
    result: result.kind,
    differences: diff,
  });
  return failure(
    'encryption_not_applied',
    result.kind === 'found'
      ? 'SLS holds the Logstore without the requested encryption: this ' +
          "function's create, whose answer was lost, may have made it so " +
          '(or a concurrent create did); it must be replaced by hand'
      : 'SLS created the Logstore without the requested encryption; ' +
          'it must be replaced by hand',
    diff.map((d) => ({
      path: d.path,
      rule: 'encryption_applied',
      message:
        `SLS holds ${JSON.stringify(d.existing)}, not the requested ` +
        JSON.stringify(d.requested),
      existing: d.existing,
      requested: d.requested,
    })),
  );
};
