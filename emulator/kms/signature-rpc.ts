import { createHmac, timingSafeEqual } from 'node:crypto';
import { percentEncode } from './percent-encode.ts';

/**
 * The RPC signature (SignatureMethod HMAC-SHA1, SignatureVersion 1.0) that
 * the KMS SDK and openapi-client's `signatureAlgorithm: 'v2'` send: every
 * parameter but `Signature`, sorted by name, percent-encoded, joined as
 * `k=v&...`; the string to sign is `METHOD&%2F&` + that, encoded again.
 */
export const rpcStringToSign = (
  method: string,
  params: Readonly<Record<string, string>>,
): string => {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map(
      (name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`,
    )
    .join('&');
  const path = percentEncode('/');
  return `${method.toUpperCase()}&${path}&${percentEncode(canonical)}`;
};

export const rpcSignature = (secret: string, stringToSign: string): string =>
  createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');

/** Constant-time comparison, so timing says nothing about the secret. */
export const sameSignature = (expected: string, given: string): boolean => {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};

export const verifyRpcSignature = (
  method: string,
  params: Readonly<Record<string, string>>,
  secret: string,
): boolean =>
  sameSignature(
    rpcSignature(secret, rpcStringToSign(method, params)),
    params.Signature ?? '',
  );
