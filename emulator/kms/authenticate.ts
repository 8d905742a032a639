import type { Accounts, EmulatorRequest } from '../types.ts';
import { KmsError, missingParameter } from './errors.ts';
import type { NonceStore } from './nonce-store.ts';
import {
  ACS3_ALGORITHM,
  parseAcs3Authorization,
  verifyAcs3Signature,
} from './signature-acs3.ts';
import { verifyRpcSignature } from './signature-rpc.ts';

/** Who signed a request that passed every check. */
export interface Caller {
  readonly accountId: string;
  readonly accessKeyId: string;
  /** Signed with STS credentials. */
  readonly temporary: boolean;
}

export interface Authenticated {
  readonly caller: Caller;
  /** The call's parameters: the query plus any form body. */
  readonly params: Readonly<Record<string, string>>;
}

export const API_VERSION = '2016-01-20';
/** POP refuses a request whose timestamp is further off than this. */
export const TIMESTAMP_WINDOW_MS = 15 * 60_000;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const formParams = (request: EmulatorRequest): Record<string, string> => {
  const type = request.headers['content-type'] ?? '';
  if (request.body.length === 0 || !type.includes('x-www-form-urlencoded')) {
    return {};
  }
  return Object.fromEntries(new URLSearchParams(request.body.toString()));
};

const checkTimestamp = (value: string, receivedAt: number): void => {
  const at = TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new KmsError(
      400,
      'InvalidTimeStamp.Format',
      'Specified time stamp or date value is not well formatted.',
    );
  }
  if (Math.abs(receivedAt - at) > TIMESTAMP_WINDOW_MS) {
    throw new KmsError(
      400,
      'InvalidTimeStamp.Expired',
      'Specified time stamp or date value is expired.',
    );
  }
};

/** The account behind an access key; the token is checked for STS keys. */
const lookUp = (
  accounts: Accounts,
  accessKeyId: string,
  securityToken: string | undefined,
): { accountId: string; secret: string } => {
  const found = accounts.authenticate(accessKeyId, securityToken);
  if (found.ok) return found;
  switch (found.reason) {
    case 'unknown-key':
      throw new KmsError(
        404,
        'InvalidAccessKeyId.NotFound',
        'Specified access key is not found.',
      );
    case 'expired-token':
      throw new KmsError(
        400,
        'InvalidSecurityToken.Expired',
        'Specified SecurityToken is expired.',
      );
    default:
      throw new KmsError(
        400,
        'InvalidSecurityToken.MismatchWithAccessKey',
        'Specified SecurityToken mismatch with the AccessKey.',
      );
  }
};

const signatureMismatch = (): KmsError =>
  new KmsError(
    400,
    'SignatureDoesNotMatch',
    'Specified signature is not matched with our calculation.',
  );

const useNonce = (
  nonces: NonceStore,
  accessKeyId: string,
  nonce: string,
  receivedAt: number,
): void => {
  if (!nonces.use(accessKeyId, nonce, receivedAt)) {
    throw new KmsError(
      400,
      'SignatureNonceUsed',
      'Specified signature nonce was used already.',
    );
  }
};

const required = (
  values: Readonly<Record<string, string>>,
  name: string,
  label = name,
): string => {
  const value = values[name];
  if (value === undefined || value === '') throw missingParameter(label);
  return value;
};

const checkVersion = (version: string): void => {
  if (version !== API_VERSION) {
    throw new KmsError(
      400,
      'InvalidVersion',
      `Specified parameter Version ${version} is not valid.`,
    );
  }
};

/** RPC: HMAC-SHA1 over the sorted parameters (KMS SDK, openapi v2). */
const authenticateRpc = (
  request: EmulatorRequest,
  accounts: Accounts,
  nonces: NonceStore,
): Authenticated => {
  const params = { ...request.query, ...formParams(request) };
  const accessKeyId = required(params, 'AccessKeyId');
  required(params, 'Signature');
  const nonce = required(params, 'SignatureNonce');
  checkVersion(required(params, 'Version'));
  const method = params.SignatureMethod ?? 'HMAC-SHA1';
  if (method !== 'HMAC-SHA1' || (params.SignatureVersion ?? '1.0') !== '1.0') {
    throw new KmsError(
      400,
      'InvalidSignatureMethod',
      `Specified signature method ${method} is not supported.`,
    );
  }
  checkTimestamp(required(params, 'Timestamp'), request.receivedAt);
  const key = lookUp(accounts, accessKeyId, params.SecurityToken);
  if (!verifyRpcSignature(request.method, params, key.secret)) {
    throw signatureMismatch();
  }
  useNonce(nonces, accessKeyId, nonce, request.receivedAt);
  return {
    caller: {
      accountId: key.accountId,
      accessKeyId,
      temporary: params.SecurityToken !== undefined,
    },
    params,
  };
};

/** Headers an ACS3 request must sign, besides every other x-acs-*. */
const MUST_SIGN = ['host', 'x-acs-date', 'x-acs-signature-nonce'];

const incompleteSignature = (why: string): KmsError =>
  new KmsError(400, 'IncompleteSignature', why);

/** ACS3-HMAC-SHA256 in the Authorization header (openapi-client). */
const authenticateAcs3 = (
  request: EmulatorRequest,
  authorization: string,
  accounts: Accounts,
  nonces: NonceStore,
): Authenticated => {
  const auth = parseAcs3Authorization(authorization);
  if (auth === undefined) {
    throw incompleteSignature('The Authorization header is malformed.');
  }
  if (auth.algorithm !== ACS3_ALGORITHM) {
    throw new KmsError(
      400,
      'InvalidSignatureMethod',
      `Specified signature method ${auth.algorithm} is not supported.`,
    );
  }
  const headers = request.headers;
  checkVersion(required(headers, 'x-acs-version'));
  const nonce = required(headers, 'x-acs-signature-nonce');
  const unsigned = [
    ...MUST_SIGN,
    ...Object.keys(headers).filter((name) => name.startsWith('x-acs-')),
  ].filter((name) => !auth.signedHeaders.includes(name));
  if (unsigned.length > 0) {
    throw incompleteSignature(`Header ${unsigned[0]} must be signed.`);
  }
  checkTimestamp(required(headers, 'x-acs-date'), request.receivedAt);
  const token = headers['x-acs-security-token'];
  const key = lookUp(accounts, auth.accessKeyId, token);
  const input = { ...request, signedHeaders: auth.signedHeaders };
  if (!verifyAcs3Signature(input, key.secret, auth.signature)) {
    throw signatureMismatch();
  }
  useNonce(nonces, auth.accessKeyId, nonce, request.receivedAt);
  return {
    caller: {
      accountId: key.accountId,
      accessKeyId: auth.accessKeyId,
      temporary: token !== undefined,
    },
    params: { ...request.query, ...formParams(request) },
  };
};

/** Verifies the caller or throws the error POP would answer with. */
export const authenticate = (
  request: EmulatorRequest,
  accounts: Accounts,
  nonces: NonceStore,
): Authenticated => {
  const authorization = request.headers.authorization;
  return authorization === undefined
    ? authenticateRpc(request, accounts, nonces)
    : authenticateAcs3(request, authorization, accounts, nonces);
};
