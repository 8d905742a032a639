import { createHmac } from 'node:crypto';

/**
 * SLS's original request signature (platform-facts §1):
 * `Authorization: LOG <AccessKeyId>:<base64 HMAC>`. The HMAC is SHA-1 or
 * SHA-256 as `x-log-signaturemethod` says; the SDK sends hmac-sha256, the
 * public documents describe hmac-sha1, so both are honoured.
 */
export interface SignableRequest {
  readonly method: string;
  /** The path as the client signed it: percent-decoded. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

export const V1_ALGORITHMS = {
  'hmac-sha1': 'sha1',
  'hmac-sha256': 'sha256',
} as const;

export type V1Method = keyof typeof V1_ALGORITHMS;

export const isV1Method = (value: string): value is V1Method =>
  Object.hasOwn(V1_ALGORITHMS, value);

export interface V1Authorization {
  readonly accessKeyId: string;
  readonly signature: string;
}

const V1_HEADER = /^LOG\s+([^:\s]+):(\S+)$/;

export const parseV1Authorization = (
  header: string,
): V1Authorization | undefined => {
  const match = V1_HEADER.exec(header.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { accessKeyId: match[1], signature: match[2] };
};

const isCanonicalHeader = (name: string): boolean =>
  name.startsWith('x-log-') || name.startsWith('x-acs-');

/** Every `x-log-*` and `x-acs-*` header, sorted, one `name:value\n` each. */
const canonicalHeaders = (headers: SignableRequest['headers']): string =>
  Object.keys(headers)
    .filter(isCanonicalHeader)
    .sort()
    .map((name) => `${name}:${headers[name]}\n`)
    .join('');

/** The path, then `?` and the query sorted by key with decoded values. */
const canonicalResource = (request: SignableRequest): string => {
  const keys = Object.keys(request.query).sort();
  if (keys.length === 0) return request.path;
  const pairs = keys.map((key) => `${key}=${request.query[key]}`);
  return `${request.path}?${pairs.join('&')}`;
};

export const v1StringToSign = (request: SignableRequest): string =>
  [
    request.method.toUpperCase(),
    request.headers['content-md5'] ?? '',
    request.headers['content-type'] ?? '',
    request.headers.date ?? '',
    `${canonicalHeaders(request.headers)}${canonicalResource(request)}`,
  ].join('\n');

export const v1Signature = (
  request: SignableRequest,
  secret: string,
  method: V1Method,
): string =>
  createHmac(V1_ALGORITHMS[method], secret)
    .update(v1StringToSign(request))
    .digest('base64');
