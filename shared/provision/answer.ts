import type { Logstore } from '../sls/logstore.ts';
import { ERROR_CODES, type ErrorCode, type Outcome } from './codes.ts';
import type { Difference } from './compare.ts';
import type { FieldError } from './field-error.ts';

/**
 * What the core decides, before any trigger shapes it: the status, the
 * outcome, and either the Logstore or an error with a stable code.
 */
export interface LogstoreView extends Omit<Logstore, 'project'> {
  readonly project: string;
  readonly region: string;
}

/** GET only: the current state of the Logstore's CMK. */
export interface KeyView {
  readonly keyId: string;
  /** Absent when SLS holds no usable region for the key. */
  readonly region?: string;
  /** `NotFound` when KMS has no such key; `Unknown` when it could not say. */
  readonly keyState: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  readonly origin?: string;
  readonly deleteDate?: string;
  readonly materialExpireTime?: string;
  readonly deletionProtection?: boolean;
  /** Why the state is `Unknown`: `region_unknown`, `unavailable` or the
   * error code. */
  readonly error?: string;
}

export interface Answer {
  readonly status: number;
  readonly outcome: Outcome;
  readonly code?: ErrorCode;
  readonly message?: string;
  readonly errors?: readonly FieldError[];
  /** How many errors past `MAX_LISTED_ERRORS` were left out. */
  readonly errorsOmitted?: number;
  readonly logstore?: LogstoreView;
  /** `unchanged` only: settings SLS holds with other values. */
  readonly drift?: readonly Difference[];
  /** GET only. */
  readonly key?: KeyView;
  readonly dryRun?: true;
  /** 503 only. */
  readonly retryAfterSeconds?: number;
}

export const success = (
  outcome: 'created' | 'unchanged',
  logstore: LogstoreView,
  extra: Pick<Answer, 'drift' | 'dryRun'> = {},
): Answer => ({
  status: outcome === 'created' && extra.dryRun !== true ? 201 : 200,
  outcome,
  logstore,
  ...(extra.drift !== undefined && extra.drift.length > 0
    ? { drift: extra.drift }
    : {}),
  ...(extra.dryRun === true ? { dryRun: true } : {}),
});

/** Enough to fix a request by; 4,000 unknown keys made a 151 KB log line. */
export const MAX_LISTED_ERRORS = 50;

const listedErrors = (errors: readonly FieldError[] | undefined) => {
  if (errors === undefined || errors.length === 0) return {};
  if (errors.length <= MAX_LISTED_ERRORS) return { errors };
  return {
    errors: errors.slice(0, MAX_LISTED_ERRORS),
    errorsOmitted: errors.length - MAX_LISTED_ERRORS,
  };
};

export const failure = (
  code: ErrorCode,
  message: string,
  errors?: readonly FieldError[],
): Answer => ({
  status: ERROR_CODES[code].status,
  outcome: ERROR_CODES[code].outcome,
  code,
  message,
  ...listedErrors(errors),
});

export const isSuccess = (answer: Answer): boolean => answer.status < 300;

/** The JSON every trigger answers with. */
export const answerBody = (
  answer: Answer,
  requestId: string,
): Record<string, unknown> => {
  const { status: _status, retryAfterSeconds: _retry, ...rest } = answer;
  return { requestId, ...rest };
};
