import type { EmulatorRequest, EmulatorResponse } from '../types.ts';

/**
 * A KMS answer other than success. The codes are KMS's and the POP
 * gateway's own, so the SDKs and keyguard map them exactly as they would
 * the cloud's. Messages name the field and the rule, never a credential.
 */
export class KmsError extends Error {
  override readonly name = 'KmsError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const keyNotFound = (keyId: string): KmsError =>
  new KmsError(
    404,
    'Forbidden.KeyNotFound',
    `The specified Key ${keyId} is not found.`,
  );

export const missingParameter = (name: string): KmsError =>
  new KmsError(400, `Missing${name}`, `${name} is mandatory for this action.`);

export const invalidParameter = (name: string, rule: string): KmsError =>
  new KmsError(
    400,
    'InvalidParameter',
    `The specified parameter ${name} is not valid: ${rule}.`,
  );

/** Only an Enabled key encrypts or decrypts: `Rejected.Disabled`, ... */
export const rejectedByState = (keyId: string, state: string): KmsError =>
  new KmsError(
    409,
    `Rejected.${state}`,
    `The key ${keyId} is in state ${state} and cannot be used.`,
  );

export const stateModifiedFailed = (keyId: string, state: string): KmsError =>
  new KmsError(
    409,
    'Rejected.StateModifiedFailed',
    `The state of key ${keyId} cannot be changed while it is ${state}.`,
  );

export const unsupportedOperation = (what: string): KmsError =>
  new KmsError(400, 'UnsupportedOperation', what);

const JSON_TYPE = 'application/json;charset=utf-8';

/** The host a caller reached, echoed as KMS echoes its own as HostId. */
const hostIdOf = (request: EmulatorRequest): string =>
  request.headers.host ?? `kms.${request.host.region}.aliyuncs.com`;

export const jsonResponse = (
  request: EmulatorRequest,
  status: number,
  body: Readonly<Record<string, unknown>>,
  extra: { readonly accountId?: string; readonly errorCode?: string } = {},
): EmulatorResponse => ({
  status,
  headers: {
    'content-type': JSON_TYPE,
    'x-acs-request-id': request.requestId,
  },
  body: JSON.stringify(body),
  ...extra,
});

/** `{RequestId, HostId, Code, Message}`, the shape both SDKs parse. */
export const kmsErrorResponse = (
  request: EmulatorRequest,
  error: KmsError,
  accountId?: string,
): EmulatorResponse =>
  jsonResponse(
    request,
    error.status,
    {
      RequestId: request.requestId,
      HostId: hostIdOf(request),
      Code: error.code,
      Message: error.message,
    },
    accountId === undefined
      ? { errorCode: error.code }
      : { errorCode: error.code, accountId },
  );
