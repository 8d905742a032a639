/**
 * Every outcome an answer can carry and every error `code`, with the
 * status it is answered with. The README's table is written from this one.
 */
export const OUTCOMES = [
  'created',
  /** GET only: the Logstore and its key were read. */
  'found',
  'unchanged',
  'conflict',
  'refused',
  'invalid',
  'failed',
] as const;

export type Outcome = (typeof OUTCOMES)[number];

interface CodeInfo {
  readonly status: number;
  readonly outcome: Outcome;
  readonly meaning: string;
}

export const ERROR_CODES = {
  invalid_json: {
    status: 400,
    outcome: 'invalid',
    meaning: 'the body or message is empty or not JSON',
  },
  invalid_request: {
    status: 400,
    outcome: 'invalid',
    meaning: 'the request breaks the schema; `errors` lists every field',
  },
  sls_rejected: {
    status: 400,
    outcome: 'invalid',
    meaning: "SLS refused the Logstore (quota, settings); carries SLS's code",
  },
  unsupported_event: {
    status: 400,
    outcome: 'invalid',
    meaning: 'a queue event of a type this function does not handle',
  },
  body_too_large: {
    status: 413,
    outcome: 'invalid',
    meaning: 'the HTTP body is over 64 KiB',
  },
  route_not_found: {
    status: 404,
    outcome: 'invalid',
    meaning: 'no such path',
  },
  method_not_allowed: {
    status: 405,
    outcome: 'invalid',
    meaning: 'the path exists but not for this method',
  },
  signature_invalid: {
    status: 401,
    outcome: 'refused',
    meaning:
      'the webhook signature is missing, stale or wrong, or its id was ' +
      'used for another request',
  },
  policy_denied: {
    status: 403,
    outcome: 'refused',
    meaning: "outside the function's policy; `errors[].rule` names the rule",
  },
  project_not_found: {
    status: 404,
    outcome: 'refused',
    meaning: 'the project does not exist in that region',
  },
  logstore_not_found: {
    status: 404,
    outcome: 'refused',
    meaning: 'GET only: the Logstore does not exist',
  },
  key_rejected: {
    status: 422,
    outcome: 'refused',
    meaning: 'the CMK cannot protect this Logstore; `errors[].rule` says why',
  },
  encryption_conflict: {
    status: 409,
    outcome: 'conflict',
    meaning: 'the Logstore exists with other encryption; `errors` has the diff',
  },
  encryption_not_applied: {
    status: 502,
    outcome: 'failed',
    meaning: 'SLS created the Logstore but does not hold the requested key',
  },
  access_denied: {
    status: 502,
    outcome: 'failed',
    meaning: "SLS or KMS denied the function's own role",
  },
  upstream_error: {
    status: 502,
    outcome: 'failed',
    meaning: 'SLS or KMS answered in a way the function cannot use',
  },
  unavailable: {
    status: 503,
    outcome: 'failed',
    meaning: 'SLS or KMS kept failing transiently; retry after `Retry-After`',
  },
  internal_error: {
    status: 500,
    outcome: 'failed',
    meaning: 'an unexpected error; details are in the log, not the answer',
  },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
