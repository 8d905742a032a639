import { KeyguardError } from '../shared/errors.ts';
import { CONNECTION_CODES, readVendorFields } from '../shared/vendor-error.ts';

/**
 * What `keyguard invoke` says when the FC SDK throws. The SDK's own text
 * is never copied: on a network failure httpx glues "POST <url> failed."
 * straight onto Node's message (no space, the whole URL with its query),
 * and an FC error answer's text is the service's free text, which for a
 * signature mismatch may echo what was signed. So the line is built from
 * the code, the status and the request id only, as the SLS and KMS
 * clients do (shared/vendor-error.ts), with a hint chosen by code.
 */
export interface FcCall {
  /** Host and optional port, without scheme or path. */
  readonly endpoint: string;
  readonly functionName: string;
  /** How long the call waited for FC's answer. */
  readonly timeoutMs?: number;
}

const HINTS: Readonly<Record<string, (call: FcCall) => string>> = {
  FunctionNotFound: (call) =>
    `no function ${call.functionName} there; is it deployed?`,
  QualifierNotFound: () => 'no such version or alias of the function',
  SignatureNotMatch: () =>
    'check ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  InvalidAccessKeyID: () => 'check ALIBABA_CLOUD_ACCESS_KEY_ID',
  AccessDenied: (call) =>
    `the credentials may not invoke ${call.functionName} (fc:InvokeFunction)`,
};

const fcError = (
  message: string,
  code: string,
  context: Record<string, unknown>,
): KeyguardError => new KeyguardError(message, { code, status: 502, context });

export const fcCallError = (error: unknown, call: FcCall): KeyguardError => {
  const fields = readVendorFields(error);
  const context = { functionName: call.functionName, endpoint: call.endpoint };
  if (fields.status !== undefined && fields.code !== undefined) {
    const hint = HINTS[fields.code]?.(call);
    const request =
      fields.requestId === undefined ? '' : `, request ${fields.requestId}`;
    const advice = hint === undefined ? '' : `; ${hint}`;

    return fcError(
      `${fields.code}: FC answered ${fields.status} for ` +
        `${call.functionName}${request}${advice}`,
      'fc_refused',
      { ...context, vendorCode: fields.code, vendorStatus: fields.status },
    );
  }
  if (fields.status !== undefined) {
    return fcError(
      `FC at ${call.endpoint} answered ${fields.status} for ` +
        `${call.functionName} with no error code; is --endpoint FC's?`,
      'fc_refused',
      { ...context, vendorStatus: fields.status },
    );
  }
  if (fields.name === 'RequestTimeoutError') {
    const within =
      call.timeoutMs === undefined
        ? 'in time'
        : `within ${call.timeoutMs / 1_000} s; --timeout waits longer`;
    return fcError(
      `FC at ${call.endpoint} did not answer ${within}`,
      'timeout',
      context,
    );
  }
  if (fields.code !== undefined && CONNECTION_CODES.has(fields.code)) {
    return fcError(
      `cannot reach FC at ${call.endpoint} (${fields.code})`,
      'connection_failed',
      { ...context, networkCode: fields.code },
    );
  }
  if (error instanceof SyntaxError) {
    return fcError(
      `FC at ${call.endpoint} answered with something other than JSON`,
      'upstream_error',
      context,
    );
  }

  return fcError(
    `the call to FC at ${call.endpoint} failed ` +
      `(${fields.code ?? fields.name ?? 'unknown error'})`,
    'fc_call_failed',
    context,
  );
};
