import type { EmulatorResponse } from '../types.ts';

/**
 * SLS's error codes as the emulator answers them (platform-facts §1). Where
 * SLS's documents name no code for a case, the choice is made here once and
 * said so.
 */
export const SLS_ERROR = {
  LogStoreAlreadyExist: 'LogStoreAlreadyExist',
  LogStoreInfoInvalid: 'LogStoreInfoInvalid',
  LogStoreNotExist: 'LogStoreNotExist',
  ParameterInvalid: 'ParameterInvalid',
  PostBodyInvalid: 'PostBodyInvalid',
  ProjectAlreadyExist: 'ProjectAlreadyExist',
  ProjectNotExist: 'ProjectNotExist',
  /**
   * Both quotas. The CreateLogStore reference lists 400 ProjectQuotaExceed
   * as its only quota error, and SLS's resource-throttling page files every
   * "too many resources" case under that code; so the 201st Logstore and
   * the 151st project both get it.
   */
  ProjectQuotaExceed: 'ProjectQuotaExceed',
  RequestTimeExpired: 'RequestTimeExpired',
  MissingDate: 'MissingDate',
  InvalidDateFormat: 'InvalidDateFormat',
  /** Not documented by SLS: the emulator's name for a body whose digest
   * disagrees with Content-MD5 or x-log-content-sha256. */
  InvalidContentMD5: 'InvalidContentMD5',
  SignatureNotMatch: 'SignatureNotMatch',
  Unauthorized: 'Unauthorized',
  /** 429 rather than 503: the fault contract (emulator/fault-spec.ts) names
   * 429 for SLS throttling; clients must treat both as "retry later". */
  ServerBusy: 'ServerBusy',
  InternalServerError: 'InternalServerError',
  /** The default answer of GetLogs on a BYOK Logstore whose key is not
   * Enabled; SLS does not document its own (platform-facts §2). */
  KMSKeyNotEnabled: 'KMSKeyNotEnabled',
} as const;

export type SlsErrorCode = (typeof SLS_ERROR)[keyof typeof SLS_ERROR];

/** A refusal in SLS's own terms, thrown by the operations and answered by
 * the service as `{errorCode, errorMessage}`. */
export class SlsError extends Error {
  override readonly name = 'SlsError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalidBody = (message: string): SlsError =>
  new SlsError(400, SLS_ERROR.PostBodyInvalid, message);

export const invalidParameter = (message: string): SlsError =>
  new SlsError(400, SLS_ERROR.ParameterInvalid, message);

export const invalidLogstore = (message: string): SlsError =>
  new SlsError(400, SLS_ERROR.LogStoreInfoInvalid, message);

export const projectNotExist = (project: string): SlsError =>
  new SlsError(
    404,
    SLS_ERROR.ProjectNotExist,
    `The Project does not exist : ${project}`,
  );

export const logstoreNotExist = (logstore: string): SlsError =>
  new SlsError(
    404,
    SLS_ERROR.LogStoreNotExist,
    `logstore ${logstore} does not exist`,
  );

/** Every SLS answer carries the request id in `x-log-requestid`. */
export const slsHeaders = (
  requestId: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> => ({
  'x-log-requestid': requestId,
  server: 'local-cloud-sls',
  ...extra,
});

export const slsErrorResponse = (
  requestId: string,
  status: number,
  code: string,
  message: string,
  accountId?: string,
): EmulatorResponse => ({
  status,
  headers: slsHeaders(requestId, { 'content-type': 'application/json' }),
  body: JSON.stringify({ errorCode: code, errorMessage: message }),
  errorCode: code,
  ...(accountId === undefined ? {} : { accountId }),
});

export const jsonResponse = (
  requestId: string,
  value: unknown,
  accountId: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): EmulatorResponse => ({
  status: 200,
  headers: slsHeaders(requestId, {
    'content-type': 'application/json',
    ...extraHeaders,
  }),
  body: JSON.stringify(value),
  accountId,
});

/** Create, update and delete answer 200 with no body. */
export const emptyResponse = (
  requestId: string,
  accountId: string,
): EmulatorResponse => ({
  status: 200,
  headers: slsHeaders(requestId),
  body: '',
  accountId,
});
