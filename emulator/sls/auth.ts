import { createHash, timingSafeEqual } from 'node:crypto';
import type { Accounts, EmulatorRequest } from '../types.ts';
import { SLS_ERROR, SlsError } from './errors.ts';
import {
  isV1Method,
  parseV1Authorization,
  type SignableRequest,
  v1Signature,
} from './signature-v1.ts';
import {
  bodySha256,
  parseV4Authorization,
  V4_ALGORITHM,
  v4Signatures,
} from './signature-v4.ts';

/**
 * Checks a request the way SLS does, in SLS's order: the clock window, the
 * body digest, the credentials, then the signature. Answers the account the
 * request acts for, or throws an SlsError. No message carries a signature,
 * a secret or a token.
 */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const DEFAULT_V1_METHOD = 'hmac-sha1';

const unauthorized = (message: string) =>
  new SlsError(401, SLS_ERROR.Unauthorized, message);

const signatureNotMatch = () =>
  new SlsError(
    401,
    SLS_ERROR.SignatureNotMatch,
    'the request signature does not match the one computed with the ' +
      'AccessKey secret',
  );

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const checkWindow = (signedAt: number, receivedAt: number, shown: string) => {
  if (Math.abs(receivedAt - signedAt) > MAX_CLOCK_SKEW_MS) {
    throw new SlsError(
      400,
      SLS_ERROR.RequestTimeExpired,
      `Request time ${shown} has been expired while server time is ` +
        `${new Date(receivedAt).toUTCString()}.`,
    );
  }
};

const missingDate = (header: string) =>
  new SlsError(400, SLS_ERROR.MissingDate, `${header} is missing`);

const badDate = (header: string, value: string) =>
  new SlsError(
    400,
    SLS_ERROR.InvalidDateFormat,
    `${header} ${value} is not a valid date`,
  );

const badDigest = (header: string) =>
  new SlsError(
    400,
    SLS_ERROR.InvalidContentMD5,
    `${header} does not match the request body`,
  );

/** `20240204T113158Z` as the v4 signer writes it. */
const parseV4Date = (value: string): number => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return Number.NaN;
  return Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
};

const decodedPath = (path: string): string => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

const signable = (request: EmulatorRequest): SignableRequest => ({
  method: request.method,
  path: decodedPath(request.path),
  query: request.query,
  headers: request.headers,
});

const credentialsOf = (
  accounts: Accounts,
  accessKeyId: string,
  token: string | undefined,
) => {
  const found = accounts.authenticate(accessKeyId, token);
  if (found.ok) return found;
  switch (found.reason) {
    case 'bad-token':
      throw unauthorized('The security token you provided is invalid.');
    case 'expired-token':
      throw unauthorized('The security token you provided has expired.');
    default:
      throw unauthorized('The AccessKeyId is not known.');
  }
};

const verifyV1 = (request: EmulatorRequest, accounts: Accounts): string => {
  const parsed = parseV1Authorization(request.headers.authorization ?? '');
  if (parsed === undefined)
    throw unauthorized('the Authorization is malformed');
  const date = request.headers.date;
  if (date === undefined || date === '') throw missingDate('Date');
  const signedAt = Date.parse(date);
  if (Number.isNaN(signedAt)) throw badDate('Date', date);
  checkWindow(signedAt, request.receivedAt, date);
  // The SDK sends an empty Content-MD5 when there is no body.
  const md5 = request.headers['content-md5'] ?? '';
  if (
    md5 !== '' &&
    md5.toLowerCase() !== createHash('md5').update(request.body).digest('hex')
  ) {
    throw badDigest('Content-MD5');
  }
  const method = (
    request.headers['x-log-signaturemethod'] ?? DEFAULT_V1_METHOD
  ).toLowerCase();
  if (!isV1Method(method)) {
    throw new SlsError(
      400,
      SLS_ERROR.ParameterInvalid,
      `x-log-signaturemethod ${method} is not hmac-sha1 or hmac-sha256`,
    );
  }
  const token = request.headers['x-acs-security-token'];
  const found = credentialsOf(accounts, parsed.accessKeyId, token);
  const expected = v1Signature(signable(request), found.secret, method);
  if (!sameText(expected, parsed.signature)) throw signatureNotMatch();
  return found.accountId;
};

const verifyV4 = (request: EmulatorRequest, accounts: Accounts): string => {
  const parsed = parseV4Authorization(request.headers.authorization ?? '');
  if (parsed === undefined)
    throw unauthorized('the Authorization is malformed');
  const date = request.headers['x-log-date'];
  if (date === undefined || date === '') throw missingDate('x-log-date');
  const signedAt = parseV4Date(date);
  if (Number.isNaN(signedAt)) throw badDate('x-log-date', date);
  checkWindow(signedAt, request.receivedAt, date);
  const declared = request.headers['x-log-content-sha256'];
  if (declared !== undefined || request.body.length > 0) {
    if (declared?.toLowerCase() !== bodySha256(request.body)) {
      throw badDigest('x-log-content-sha256');
    }
  }
  const token = request.headers['x-acs-security-token'];
  const found = credentialsOf(accounts, parsed.accessKeyId, token);
  // The scope must name the day signed and the region that answers.
  if (
    parsed.day !== date.slice(0, 8) ||
    parsed.region !== request.host.region
  ) {
    throw signatureNotMatch();
  }
  const candidates = v4Signatures(signable(request), found.secret, parsed);
  if (!candidates.some((expected) => sameText(expected, parsed.signature))) {
    throw signatureNotMatch();
  }
  return found.accountId;
};

export const authenticate = (
  request: EmulatorRequest,
  accounts: Accounts,
): string => {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    throw unauthorized('the request carries no Authorization header');
  }
  return header.trim().startsWith(V4_ALGORITHM)
    ? verifyV4(request, accounts)
    : verifyV1(request, accounts);
};
