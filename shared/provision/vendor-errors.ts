import {
  isKeyguardError,
  type KeyguardError,
  TransientError,
} from '../errors.ts';
import type { Logger } from '../logging.ts';
import { type Answer, failure } from './answer.ts';

/**
 * Turns what the SLS and KMS clients throw into answers, by code only.
 * Messages are our own: a vendor's text may name hosts or accounts.
 * Anything unknown is left to the caller (an internal error).
 */
const DEFAULT_RETRY_AFTER_SECONDS = 2;

export const retryAfterSeconds = (error: unknown): number => {
  const ms = error instanceof TransientError ? error.retryAfterMs : undefined;
  return ms === undefined
    ? DEFAULT_RETRY_AFTER_SECONDS
    : Math.max(1, Math.ceil(ms / 1000));
};

export const answerForVendorError = (
  error: unknown,
  project: string,
  region: string,
): Answer | undefined => {
  if (!isKeyguardError(error)) return undefined;
  if (error instanceof TransientError || error.retryable) {
    return {
      ...failure(
        'unavailable',
        'SLS or KMS kept failing transiently within this invocation; ' +
          'try again later',
      ),
      retryAfterSeconds: retryAfterSeconds(error),
    };
  }
  switch (error.code) {
    case 'project_not_found':
      return failure(
        'project_not_found',
        `project ${project} does not exist in ${region}`,
        [
          {
            path: 'project',
            rule: 'project_exists',
            message: `no project ${project} in ${region}`,
          },
        ],
      );
    case 'sls_rejected': {
      const slsCode = String(error.context.slsCode ?? 'unknown');
      const slsMessage = String(error.context.slsMessage ?? '');
      return failure('sls_rejected', `SLS refused the Logstore: ${slsCode}`, [
        { path: '', rule: slsCode, message: slsMessage },
      ]);
    }
    case 'access_denied':
      return failure(
        'access_denied',
        "SLS or KMS denied the function's role; check its RAM policy",
      );
    case 'upstream_error':
      return failure(
        'upstream_error',
        'SLS or KMS gave an answer the function could not use',
      );
    default:
      return undefined;
  }
};

/** Context fields a vendor error carries that are safe identifiers. */
const LOGGED_CONTEXT = [
  'service',
  'operation',
  'project',
  'logstore',
  'keyId',
  'region',
  'vendorCode',
  'vendorStatus',
  'networkCode',
] as const;

/**
 * The details an answer leaves out go to the log, one line per failure:
 * what was called and what the vendor said, by code, status and its own
 * request id (what its support asks for). Never the message: the SDKs
 * put the signed request URL in it.
 */
export const logVendorFailure = (
  logger: Logger,
  error: KeyguardError,
  answerCode: string,
): void => {
  const line: Record<string, unknown> = {
    event: 'provision.vendor_error',
    code: answerCode,
    errorCode: error.code,
    retryable: error.retryable,
  };
  // A key the logger already binds (project, Logstore) would appear
  // twice in the line.
  const bound = logger.bindings();
  for (const key of LOGGED_CONTEXT) {
    const value = error.context[key];
    if (value !== undefined && !(key in bound)) line[key] = value;
  }
  const vendorRequestId = error.context.requestId;
  if (vendorRequestId !== undefined) line.vendorRequestId = vendorRequestId;
  if (answerCode === 'unavailable') logger.warn(line);
  else logger.error(line);
};

const LOGGED_ANSWERS = new Set(['access_denied', 'upstream_error']);

/** `answerForVendorError`, logging the failures whose answer is vague. */
export const answerAndLogVendorError = (
  error: unknown,
  target: { readonly project: string; readonly region: string },
  logger: Logger,
): Answer | undefined => {
  const answer = answerForVendorError(error, target.project, target.region);
  if (answer?.code === undefined || !isKeyguardError(error)) return answer;
  if (answer.code === 'unavailable' || LOGGED_ANSWERS.has(answer.code)) {
    logVendorFailure(logger, error, answer.code);
  }
  return answer;
};
