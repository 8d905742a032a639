import { isKeyguardError, type KeyguardError } from '../errors.ts';
import { scrub } from '../secrets.ts';
import {
  accessDeniedError,
  readVendorFields,
  throttledError,
  transportError,
  unavailableError,
  unexpectedError,
  type VendorCall,
  vendorError,
} from '../vendor-error.ts';

/**
 * SLS errors in keyguard's terms, by SLS error code and HTTP status
 * (platform-facts §1). gateway-sls raises `{ code: errorCode,
 * statusCode, data: { requestId } }` and its message is
 * `<errorCode>: <errorMessage>`.
 */
export interface SlsCall {
  readonly operation: string;
  readonly project?: string;
  readonly logstore?: string;
}

/** SLS refused the request itself; its own code and message help the
 * caller fix it, so provisioning answers 400 with both. */
const REJECTED_CODES = new Set([
  'LogStoreInfoInvalid',
  'ParameterInvalid',
  'PostBodyInvalid',
  'ProjectQuotaExceed',
  'InvalidParameter',
]);
const QUOTA_CODE = /QuotaExceed(ed)?$/;

/** 403 `ReadQuotaExceed`, `WriteQuotaExceed` and their shard forms are
 * rate quotas that pass within seconds (platform-facts §1); count quotas
 * such as `ProjectQuotaExceed` are 400s and stay refusals. */
const isRateQuota = (code: string | undefined, status: number | undefined) =>
  code !== undefined && status === 403 && QUOTA_CODE.test(code);

const DENIED_CODES = new Set([
  'Unauthorized',
  'SignatureNotMatch',
  'InvalidAccessKeyId',
  'SecurityTokenExpired',
  'Forbidden',
]);

const THROTTLED_CODES = new Set(['ServerBusy', 'ExceedQPSLimit']);

const MAX_MESSAGE = 500;

/** SLS's own message, without the `code: ` prefix the SDK adds. */
const slsMessageOf = (error: unknown, code: string): string => {
  const message = error instanceof Error ? error.message : '';
  const prefix = `${code}: `;
  const text = message.startsWith(prefix)
    ? message.slice(prefix.length)
    : message;

  return scrub(text).slice(0, MAX_MESSAGE);
};

const contextOf = (call: SlsCall): Record<string, unknown> => {
  const context: Record<string, unknown> = {};
  if (call.project !== undefined) context.project = call.project;
  if (call.logstore !== undefined) context.logstore = call.logstore;

  return context;
};

export const mapSlsError = (error: unknown, call: SlsCall): KeyguardError => {
  if (isKeyguardError(error)) return error;
  const vendorCall: VendorCall = {
    service: 'sls',
    operation: call.operation,
    context: contextOf(call),
  };
  const transport = transportError(error, vendorCall);
  if (transport !== undefined) return transport;

  const fields = readVendorFields(error);
  const { code, status } = fields;
  if (code === 'ProjectNotExist') {
    return vendorError(
      `SLS project ${call.project ?? ''} does not exist`,
      { code: 'project_not_found', status: 404 },
      vendorCall,
      code,
      fields,
    );
  }
  if (code === 'LogStoreNotExist') {
    return vendorError(
      `Logstore ${call.logstore ?? ''} does not exist`,
      { code: 'logstore_not_found', status: 404 },
      vendorCall,
      code,
      fields,
    );
  }
  if (code === 'LogStoreAlreadyExist') {
    return vendorError(
      `Logstore ${call.logstore ?? ''} already exists`,
      { code: 'logstore_exists', status: 409 },
      vendorCall,
      code,
      fields,
    );
  }
  // Throttling first: a rate quota's code looks like a count quota's.
  if (
    (code !== undefined && THROTTLED_CODES.has(code)) ||
    status === 429 ||
    isRateQuota(code, status)
  ) {
    return throttledError(vendorCall, code, fields);
  }
  if (
    code !== undefined &&
    (REJECTED_CODES.has(code) || QUOTA_CODE.test(code))
  ) {
    return vendorError(
      `SLS rejected ${call.operation} with ${code}`,
      { code: 'sls_rejected', status: 400 },
      vendorCall,
      code,
      fields,
      { slsCode: code, slsMessage: slsMessageOf(error, code) },
    );
  }
  if (
    (code !== undefined && DENIED_CODES.has(code)) ||
    status === 401 ||
    status === 403
  ) {
    return accessDeniedError(vendorCall, code, fields);
  }
  if (status !== undefined && status >= 500) {
    return unavailableError(vendorCall, code, fields);
  }

  return unexpectedError(vendorCall, code, fields);
};
