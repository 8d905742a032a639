import { KeyguardError, TransientError } from './errors.ts';

/**
 * What SLS and KMS errors have in common, read the way the Tea SDKs build
 * them. Errors are mapped by codes, names and statuses, never by message
 * text, and the vendor error is not kept as `cause`: the SDK appends the
 * request URL (with its signature and, for KMS, the STS token in the
 * query) to network errors. Nothing here copies a vendor message. The
 * one message kept is SLS's own text for a request it refused with 400
 * (shared/sls/errors.ts, `slsMessage`): it tells a provisioning caller
 * what to fix, comes from SLS's error body rather than a network error,
 * and is scrubbed of known secrets and cut to 500 characters.
 *
 * How the SDKs surface failures (read from node_modules):
 * - an HTTP error answer: an Error whose `code` is the vendor's code and
 *   `statusCode` the status (`data.Code` for KMS, where the KMS SDK
 *   appends `Error` to `code`);
 * - a timeout: httpx names the error `RequestTimeoutError` (connect and
 *   read timeouts alike);
 * - a refused, reset or dropped connection: Node's own error with `code`
 *   ECONNREFUSED, ECONNRESET (also "socket hang up") and the like;
 * - an error body that is not JSON: the bare SyntaxError of JSON.parse.
 */
export type VendorService = 'sls' | 'kms';

export interface VendorCall {
  readonly service: VendorService;
  readonly operation: string;
  /** Safe identifiers only: project, Logstore, key id, region. */
  readonly context?: Readonly<Record<string, unknown>>;
}

export interface VendorFields {
  readonly name?: string;
  readonly code?: string;
  readonly status?: number;
  readonly requestId?: string;
  /** The parsed error body (KMS), or the SDK's summary of the answer. */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly retryAfterMs?: number;
}

const LABEL = { sls: 'SLS', kms: 'KMS' } as const;

// Codes and names are copied into contexts; anything odd-looking is not.
const TOKEN = /^[A-Za-z0-9._:-]{1,120}$/;

// The Tea SDKs build a code as `${body.Code}`, so an answer without one
// (a proxy's page, a wrong endpoint) carries the text "undefined".
const NO_VALUE = new Set(['undefined', 'null']);

/** A code, name or request id, when it looks like one; else undefined. */
export const token = (value: unknown): string | undefined =>
  typeof value === 'string' && TOKEN.test(value) && !NO_VALUE.has(value)
    ? value
    : undefined;

const recordOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;

const numberOf = (value: unknown): number | undefined => {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number)
    ? number
    : undefined;
};

export const readVendorFields = (error: unknown): VendorFields => {
  const record = recordOf(error) ?? {};
  const data = recordOf(record.data);
  const fields: {
    -readonly [K in keyof VendorFields]: VendorFields[K];
  } = {};
  const name = token(record.name);
  const code = token(record.code);
  const status = numberOf(record.statusCode) ?? numberOf(data?.statusCode);
  const requestId = token(data?.requestId) ?? token(data?.RequestId);
  const retryAfterMs = numberOf(record.retryAfter);
  if (name !== undefined) fields.name = name;
  if (code !== undefined) fields.code = code;
  if (status !== undefined) fields.status = status;
  if (requestId !== undefined) fields.requestId = requestId;
  if (data !== undefined) fields.data = data;
  if (retryAfterMs !== undefined && retryAfterMs >= 0) {
    fields.retryAfterMs = retryAfterMs;
  }

  return fields;
};

/** Retry-After in seconds; the HTTP-date form is not used by SLS or KMS. */
export const parseRetryAfter = (
  value: string | readonly string[] | undefined,
): number | undefined => {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !/^\s*\d+(\.\d+)?\s*$/.test(text)) {
    return undefined;
  }

  return Math.round(Number(text) * 1_000);
};

const baseContext = (
  call: VendorCall,
  vendorCode: string | undefined,
  fields: VendorFields,
): Record<string, unknown> => {
  const context: Record<string, unknown> = {
    service: call.service,
    operation: call.operation,
    ...call.context,
  };
  if (vendorCode !== undefined) context.vendorCode = vendorCode;
  if (fields.status !== undefined) context.vendorStatus = fields.status;
  if (fields.requestId !== undefined) context.requestId = fields.requestId;

  return context;
};

const TIMEOUT_NAMES = new Set(['RequestTimeoutError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/**
 * Node's codes for an endpoint that could not be reached, or not safely:
 * one set for the SLS and KMS clients and the CLI's FC calls alike. A
 * certificate that fails means no answer was read, so it is a connection
 * failure too. ETIMEDOUT is here for callers without a timeout of their
 * own to name; the clients below read it as a timeout first.
 */
export const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/**
 * An answer whose body was not JSON: most often a gateway's or load
 * balancer's error page in front of the service, so it is retried unless
 * its status is known and below 500 (other than 429): a refusal, or a
 * 2xx or 3xx from something that is not the service at all. The KMS
 * client loses the status of such an answer, so there it is retried.
 */
const notJsonError = (
  label: string,
  status: number | undefined,
  context: Record<string, unknown>,
): KeyguardError => {
  const message = `${label}: the answer was not JSON`;
  if (status !== undefined && status < 500 && status !== 429) {
    return new KeyguardError(message, {
      code: 'upstream_error',
      status: 502,
      context,
    });
  }

  return new TransientError(`${message} (status ${status ?? 'unknown'})`, {
    code: 'upstream_unavailable',
    status: 503,
    context,
  });
};

/** Failures without an HTTP answer we could read; undefined otherwise. */
export const transportError = (
  error: unknown,
  call: VendorCall,
): KeyguardError | undefined => {
  const fields = readVendorFields(error);
  const label = `${LABEL[call.service]} ${call.operation}`;
  const context = baseContext(call, undefined, fields);
  if (
    (fields.name !== undefined && TIMEOUT_NAMES.has(fields.name)) ||
    (fields.code !== undefined && TIMEOUT_CODES.has(fields.code))
  ) {
    return new TransientError(`${label} timed out`, {
      code: 'timeout',
      status: 504,
      context,
    });
  }
  if (fields.code !== undefined && CONNECTION_CODES.has(fields.code)) {
    return new TransientError(`${label}: connection failed (${fields.code})`, {
      code: 'connection_failed',
      status: 502,
      context: { ...context, networkCode: fields.code },
    });
  }
  if (error instanceof SyntaxError) {
    return notJsonError(label, fields.status, context);
  }

  return undefined;
};

export const throttledError = (
  call: VendorCall,
  vendorCode: string | undefined,
  fields: VendorFields,
): TransientError =>
  new TransientError(`${LABEL[call.service]} throttled ${call.operation}`, {
    code: 'throttled',
    status: 503,
    context: baseContext(call, vendorCode, fields),
    ...(fields.retryAfterMs === undefined
      ? {}
      : { retryAfterMs: fields.retryAfterMs }),
  });

export const unavailableError = (
  call: VendorCall,
  vendorCode: string | undefined,
  fields: VendorFields,
): TransientError =>
  new TransientError(
    `${LABEL[call.service]} ${call.operation} failed with status ` +
      `${fields.status ?? 'unknown'}`,
    {
      code: 'upstream_unavailable',
      status: 503,
      context: baseContext(call, vendorCode, fields),
    },
  );

export const accessDeniedError = (
  call: VendorCall,
  vendorCode: string | undefined,
  fields: VendorFields,
): KeyguardError =>
  new KeyguardError(
    `${LABEL[call.service]} denied ${call.operation}` +
      ` (${vendorCode ?? fields.status ?? 'unknown'})`,
    {
      code: 'access_denied',
      status: 502,
      context: baseContext(call, vendorCode, fields),
    },
  );

export const unexpectedError = (
  call: VendorCall,
  vendorCode: string | undefined,
  fields: VendorFields,
): KeyguardError =>
  new KeyguardError(
    `${LABEL[call.service]} ${call.operation} failed unexpectedly` +
      ` (${vendorCode ?? fields.name ?? 'no code'})`,
    {
      code: 'upstream_error',
      status: 502,
      context: baseContext(call, vendorCode, fields),
    },
  );

/** A KeyguardError with the standard vendor context, for other codes. */
export const vendorError = (
  message: string,
  options: { code: string; status: number },
  call: VendorCall,
  vendorCode: string | undefined,
  fields: VendorFields,
  extra: Readonly<Record<string, unknown>> = {},
): KeyguardError =>
  new KeyguardError(message, {
    ...options,
    context: { ...baseContext(call, vendorCode, fields), ...extra },
  });

/** The invocation's time ran out before the call could start. */
export const deadlineExceeded = (call: VendorCall): TransientError =>
  new TransientError(
    `${LABEL[call.service]} ${call.operation} not started: no time left`,
    {
      code: 'timeout',
      status: 504,
      context: { ...baseContext(call, undefined, {}), reason: 'deadline' },
    },
  );
