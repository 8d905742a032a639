import { createHash, createHmac } from 'node:crypto';
import { percentEncode } from './percent-encode.ts';
import { sameSignature } from './signature-rpc.ts';

/**
 * ACS3-HMAC-SHA256, the V3 signature openapi-client sends by default:
 *   Authorization: ACS3-HMAC-SHA256 Credential=<id>,
 *     SignedHeaders=<a;b;c>,Signature=<hex>
 * over a canonical request of method, path, sorted query, the signed
 * headers (`name:trimmed value` lines), their names, and the body's
 * SHA-256. The canonical query encodes values only, as openapi-util 0.3
 * does; keys are plain ASCII in practice.
 */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface Acs3Authorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTHORIZATION = new RegExp(
  [
    /^(\S+)\s+/,
    /Credential=([^,\s]+),\s*/,
    /SignedHeaders=([^,\s]*),\s*/,
    /Signature=([0-9a-fA-F]+)$/,
  ]
    .map((part) => part.source)
    .join(''),
);

export const parseAcs3Authorization = (
  header: string,
): Acs3Authorization | undefined => {
  const match = AUTHORIZATION.exec(header.trim());
  if (match === null) return undefined;
  const [, algorithm, accessKeyId, signedHeaders, signature] = match;
  if (
    algorithm === undefined ||
    accessKeyId === undefined ||
    signedHeaders === undefined ||
    signature === undefined
  ) {
    return undefined;
  }
  return {
    algorithm,
    accessKeyId,
    signedHeaders: signedHeaders.split(';').filter((name) => name !== ''),
    signature: signature.toLowerCase(),
  };
};

export const sha256Hex = (data: Buffer | string): string =>
  createHash('sha256').update(data).digest('hex');

export interface Acs3Input {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly signedHeaders: readonly string[];
  readonly body: Buffer;
}

export const acs3CanonicalRequest = (input: Acs3Input): string => {
  const query = Object.keys(input.query)
    .sort()
    .map((name) => `${name}=${percentEncode(input.query[name] ?? '')}`)
    .join('&');
  const names = [...input.signedHeaders].map((n) => n.toLowerCase()).sort();
  const headers = names
    .map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`)
    .join('');
  return [
    input.method.toUpperCase(),
    input.path === '' ? '/' : input.path,
    query,
    headers,
    names.join(';'),
    sha256Hex(input.body),
  ].join('\n');
};

export const acs3Signature = (secret: string, canonical: string): string => {
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`;
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
};

export const verifyAcs3Signature = (
  input: Acs3Input,
  secret: string,
  signature: string,
): boolean =>
  sameSignature(acs3Signature(secret, acs3CanonicalRequest(input)), signature);
