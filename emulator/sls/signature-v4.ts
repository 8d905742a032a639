import { createHash, createHmac } from 'node:crypto';
import type { SignableRequest } from './signature-v1.ts';

/**
 * SLS's v4 signature, `SLS4-HMAC-SHA256` (platform-facts §1). Unlike AWS's
 * scheme the Authorization header lists no signed headers: both sides sign
 * every `x-log-*` and `x-acs-*` header plus `host` and `content-type`.
 */
export const V4_ALGORITHM = 'SLS4-HMAC-SHA256';

export interface V4Authorization {
  readonly accessKeyId: string;
  /** YYYYMMDD */
  readonly day: string;
  readonly region: string;
  readonly signature: string;
}

const V4_HEADER = new RegExp(
  '^SLS4-HMAC-SHA256\\s+Credential=([^/\\s]+)/(\\d{8})/([^/\\s]+)' +
    '/sls/aliyun_v4_request\\s*,\\s*Signature=([0-9a-fA-F]+)$',
);

export const parseV4Authorization = (
  header: string,
): V4Authorization | undefined => {
  const match = V4_HEADER.exec(header.trim());
  if (match === null) return undefined;
  const [, accessKeyId, day, region, signature] = match;
  if (!accessKeyId || !day || !region || !signature) return undefined;
  return { accessKeyId, day, region, signature: signature.toLowerCase() };
};

const sha256Hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex');

export const EMPTY_BODY_SHA256 = sha256Hex('');

export const bodySha256 = (body: Buffer): string => sha256Hex(body);

const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data).digest();

export const v4SigningKey = (
  secret: string,
  day: string,
  region: string,
): Buffer =>
  hmac(
    hmac(hmac(hmac(`aliyun_v4${secret}`, day), region), 'sls'),
    'aliyun_v4_request',
  );

const isSignedHeader = (name: string): boolean =>
  name.startsWith('x-log-') ||
  name.startsWith('x-acs-') ||
  name === 'host' ||
  name === 'content-type';

/** RFC 3986: everything but unreserved characters is escaped. */
const strictEncode = (value: string): string =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * What @alicloud/gateway-sls 0.3 actually sends: encodeURIComponent, then
 * only the first `*` escaped (String.replace with a string pattern). A
 * query such as `* | select count(*)` differs between the two, so both
 * forms are accepted.
 */
const sdkEncode = (value: string): string =>
  encodeURIComponent(value)
    .replace('+', '%20')
    .replace('*', '%2A')
    .replace('%7E', '~');

const canonicalQuery = (
  query: SignableRequest['query'],
  encode: (value: string) => string,
): string =>
  Object.keys(query)
    .sort()
    .map((key) => {
      const value = query[key] ?? '';
      return value === '' ? key : `${key}=${encode(value)}`;
    })
    .join('&');

export const v4StringsToSign = (
  request: SignableRequest,
  scope: { readonly day: string; readonly region: string },
): string[] => {
  const names = Object.keys(request.headers).filter(isSignedHeader).sort();
  const headerLines = names
    .map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`)
    .join('');
  const date = request.headers['x-log-date'] ?? '';
  const contentHash =
    request.headers['x-log-content-sha256'] ?? EMPTY_BODY_SHA256;
  const scopeText = `${scope.day}/${scope.region}/sls/aliyun_v4_request`;
  const queries = new Set([
    canonicalQuery(request.query, sdkEncode),
    canonicalQuery(request.query, strictEncode),
  ]);
  return [...queries].map((query) => {
    const canonical = [
      request.method.toUpperCase(),
      request.path === '' ? '/' : request.path,
      query,
      headerLines,
      names.join(';'),
      contentHash,
    ].join('\n');
    return [V4_ALGORITHM, date, scopeText, sha256Hex(canonical)].join('\n');
  });
};

/** Every signature the request may validly carry (see sdkEncode). */
export const v4Signatures = (
  request: SignableRequest,
  secret: string,
  scope: { readonly day: string; readonly region: string },
): string[] => {
  const key = v4SigningKey(secret, scope.day, scope.region);
  return v4StringsToSign(request, scope).map((text) =>
    hmac(key, text).toString('hex'),
  );
};
