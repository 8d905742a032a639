import { isKeyguardError, type KeyguardError } from '../errors.ts';
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
 * KMS errors in keyguard's terms, by KMS error code and HTTP status
 * (platform-facts §3). The body `{ Code, Message, RequestId }` sits in
 * `err.data` with both SDK paths; `err.code` is the same code from
 * @alicloud/openapi-client, but the code with `Error` appended from the
 * KMS SDK's rpc-client, so `data.Code` is read first.
 */
export interface KmsCall {
  readonly operation: string;
  readonly keyId?: string;
  /** The region whose KMS endpoint was asked. */
  readonly region?: string;
}

/** A key that is gone, or never existed, in the region asked. */
const NOT_FOUND_CODES = new Set([
  'Forbidden.KeyNotFound',
  'Forbidden.AliasNotFound',
  'EntityNotExist.Key',
]);

const THROTTLED_CODES = new Set([
  'Rejected.Throttling',
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'ServiceUnavailableTemporary',
]);

const DENIED_CODES = new Set([
  'Forbidden.NoPermission',
  'Forbidden.RAM',
  'Forbidden.AccessDenied',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSecurityToken.Expired',
  'InvalidSecurityToken.MismatchWithAccessKey',
  'InvalidSecurityToken.Malformed',
]);

const kmsCodeOf = (
  data: Readonly<Record<string, unknown>> | undefined,
  sdkCode: string | undefined,
): string | undefined => {
  const fromBody = data?.Code ?? data?.code;
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;

  return sdkCode;
};

const contextOf = (call: KmsCall): Record<string, unknown> => {
  const context: Record<string, unknown> = {};
  if (call.keyId !== undefined) context.keyId = call.keyId;
  if (call.region !== undefined) context.region = call.region;

  return context;
};

export const mapKmsError = (error: unknown, call: KmsCall): KeyguardError => {
  if (isKeyguardError(error)) return error;
  const vendorCall: VendorCall = {
    service: 'kms',
    operation: call.operation,
    context: contextOf(call),
  };
  const transport = transportError(error, vendorCall);
  if (transport !== undefined) return transport;

  const fields = readVendorFields(error);
  const code = kmsCodeOf(fields.data, fields.code);
  const { status } = fields;
  if (code !== undefined && NOT_FOUND_CODES.has(code)) {
    return vendorError(
      `KMS key ${call.keyId ?? ''} not found in ${call.region ?? 'region'}`,
      { code: 'key_not_found', status: 404 },
      vendorCall,
      code,
      fields,
    );
  }
  if ((code !== undefined && THROTTLED_CODES.has(code)) || status === 429) {
    return throttledError(vendorCall, code, fields);
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
